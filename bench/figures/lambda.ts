// lambda.bundle_kb.<function>: size of each deployed bundle without the AWS SDK's bytes (target ≤ 1024 KB; the
// DynamoDB clients are bundled for a faster init, infra/entries.ts, the rest of the SDK is the runtime's).
// lambda.init_ms.api: import and initialise a bundled API handler in a fresh Node process, median of 5, for each
// surface's function (target ≤ 150 ms); the figure is the slowest function's. A function whose entry cannot be
// bundled or initialised is reported as NaN with the reason in its note, so the rest of the bench still runs.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureTables } from '../../functions/store/dynamo.js'
import { tableNames } from '../../functions/store/tables.js'
import { bundleFunction, type Bundle } from '../../infra/bundling.js'
import { API_FUNCTIONS, LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from '../../infra/entries.js'
import { localClient, median, type BenchContext, type Figure } from '../harness.js'

const INIT_RUNS = 5

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
        value: round((bundle.bytes - bundle.sdkBytes) / 1024),
        unit: 'KB',
        note: `target ≤ 1024 KB without the AWS SDK; esbuild ESM, node22, minified; file ${round(bundle.bytes / 1024)} KB with ${round(bundle.sdkBytes / 1024)} KB of bundled DynamoDB client`,
      })
    } catch (error) {
      figures.push({ name: `lambda.bundle_kb.${name}`, value: Number.NaN, unit: 'KB', note: `skipped: ${reason(error)}` })
    }
  }
  figures.push(await apiInit(context, bundles))
  return figures
}

async function apiInit(context: BenchContext, bundles: Map<LambdaName, Bundle>): Promise<Figure> {
  const figure = { name: 'lambda.init_ms.api', unit: 'ms' }
  const apis = API_FUNCTIONS.flatMap((name) => (bundles.has(name) ? [bundles.get(name)!] : []))
  if (apis.length === 0) return { ...figure, value: Number.NaN, note: 'skipped: no API entry point bundles' }
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
    const measured: { name: LambdaName; wallMs: number; cpuMs: number }[] = []
    for (const bundle of apis) {
      const runs: Timing[] = []
      for (let i = 0; i < INIT_RUNS; i++) runs.push(await timeImport(pathToFileURL(bundle.file).href, env))
      measured.push({ name: bundle.name, wallMs: median(runs.map((timing) => timing.wallMs)), cpuMs: median(runs.map((timing) => timing.cpuMs)) })
    }
    const slowest = measured.reduce((worst, next) => (next.wallMs > worst.wallMs ? next : worst))
    return {
      ...figure,
      value: round(slowest.wallMs),
      note:
        `slowest API function, median of ${INIT_RUNS} fresh processes each (import + top-level init of the bundled handler, Node ${process.versions.node}); ` +
        measured.map((entry) => `${entry.name} ${round(entry.wallMs)} ms (CPU ${round(entry.cpuMs)} ms)`).join(', ') +
        '; target ≤ 150 ms',
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

/** Wall and CPU milliseconds from the start of importing a handler until its top-level awaits settle, in a fresh process. */
function timeImport(specifier: string, env: Record<string, string | undefined>): Promise<Timing> {
  const script = [
    'const started = performance.now()',
    'const cpu = process.cpuUsage()',
    `const module = await import(${JSON.stringify(specifier)})`,
    "if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler')",
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
