// lambda.bundle_kb.<function>: size of each deployed bundle (esbuild as the stack bundles it, AWS SDK external;
// target ≤ 1024 KB). lambda.init_ms.api: import and initialise the bundled API handler in a fresh Node process,
// median of 5 (target ≤ 150 ms). A function whose entry cannot be bundled or initialised yet is reported as
// NaN with the reason in its note, so the rest of the bench still runs.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureTables } from '../../functions/store/dynamo.js'
import { tableNames } from '../../functions/store/tables.js'
import { bundleFunction, type Bundle } from '../../infra/bundling.js'
import { LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from '../../infra/entries.js'
import { localClient, median, type BenchContext, type Figure } from '../harness.js'

const INIT_RUNS = 5
/** What the Lambda runtime provides and the bundle leaves external: the share of init the bundle cannot shrink. */
const SDK_MODULES = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']

export async function run(context: BenchContext): Promise<Figure[]> {
  const outdir = join(PROJECT_ROOT, '.bench', 'lambda')
  const figures: Figure[] = []
  const bundles = new Map<LambdaName, Bundle>()
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaName[]) {
    try {
      const bundle = await bundleFunction(name, outdir)
      bundles.set(name, bundle)
      figures.push({
        name: `lambda.bundle_kb.${name}`,
        value: round(bundle.bytes / 1024),
        unit: 'KB',
        note: 'target ≤ 1024 KB; esbuild ESM, node22, minified, @aws-sdk/* external (as deployed)',
      })
    } catch (error) {
      figures.push({ name: `lambda.bundle_kb.${name}`, value: Number.NaN, unit: 'KB', note: `skipped: ${reason(error)}` })
    }
  }
  figures.push(await apiInit(context, bundles.get('api')))
  return figures
}

async function apiInit(context: BenchContext, bundle: Bundle | undefined): Promise<Figure> {
  const figure = { name: 'lambda.init_ms.api', unit: 'ms' }
  if (!bundle) return { ...figure, value: Number.NaN, note: 'skipped: the API entry point does not bundle yet' }
  const prefix = `bench-lambda-${Date.now().toString(36)}-`
  const scratch = mkdtempSync(join(tmpdir(), 'iam-bench-lambda-'))
  try {
    const client = localClient(context.endpoint)
    await ensureTables(client, tableNames(prefix)).finally(() => client.destroy())
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_LAMBDA_FUNCTION_NAME: 'iam-api',
      DYNAMODB_ENDPOINT: context.endpoint,
      IAM_TABLE_PREFIX: prefix,
      IAM_KEY_FILE: join(scratch, 'master.key'),
      IAM_DATA_DIR: scratch,
      IAM_PUBLIC_URL: 'https://iam.example.test',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    }
    const runs: Timing[] = []
    const sdkRuns: Timing[] = []
    for (let i = 0; i < INIT_RUNS; i++) {
      runs.push(await timeImport([pathToFileURL(bundle.file).href], env, true))
      sdkRuns.push(await timeImport(SDK_MODULES, env, false))
    }
    const cpu = (timings: Timing[]) => round(median(timings.map((timing) => timing.cpuMs)))
    return {
      ...figure,
      value: round(median(runs.map((timing) => timing.wallMs))),
      note:
        `median of ${INIT_RUNS} fresh processes (import + top-level init of the bundled handler, Node ${process.versions.node}); ` +
        `runs: ${runs.map((timing) => round(timing.wallMs)).join(', ')}; CPU time ${cpu(runs)} ms (steadier on a loaded machine), ` +
        `of which importing the runtime's AWS SDK alone ${cpu(sdkRuns)} ms; target ≤ 150 ms`,
    }
  } catch (error) {
    return { ...figure, value: Number.NaN, note: `skipped: ${reason(error)}` }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

interface Timing {
  wallMs: number
  cpuMs: number
}

/** Wall and CPU milliseconds from the start of importing `specifiers` until their top-level awaits settle, in a fresh process. */
function timeImport(specifiers: string[], env: Record<string, string | undefined>, handler: boolean): Promise<Timing> {
  const script = [
    'const started = performance.now()',
    'const cpu = process.cpuUsage()',
    `const modules = await Promise.all(${JSON.stringify(specifiers)}.map((specifier) => import(specifier)))`,
    handler ? "if (typeof modules[0].handler !== 'function') throw new Error('the bundle exports no handler')" : '',
    'const used = process.cpuUsage(cpu)',
    'process.stdout.write(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }))',
    'process.exit(0)',
  ].join('\n')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as Timing)
      else reject(new Error(`initialisation failed (exit ${code}): ${firstErrorLine(stderr)}`))
    })
  })
}

function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim())
  return lines.find((line) => /error/i.test(line)) ?? lines.find((line) => line !== '') ?? 'no output'
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown'
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
