// The local server and the CLI as real child processes (the way `npm start` and `npx iam` run them), for tests
// that need separate processes: shared key file, the kill test, graceful stop, exit codes and stdout discipline.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export type Env = Record<string, string | undefined>

/** The parent's environment without anything that would point a child at other tables, keys or ports. */
export function cleanEnv(extra: Env = {}): Env {
  const env: Env = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('IAM_') || name.startsWith('AWS_') || ['DYNAMODB_ENDPOINT', 'PORT', 'HOST'].includes(name)) continue
    env[name] = value
  }
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra }
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `iam-${label}-`))
}

export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Everything written so far. */
  stdout(): string
  stderr(): string
  /** JSON log lines of stdout and stderr. */
  logs(): Array<Record<string, unknown>>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `functions/local/main.ts` in `cwd` (where its `.iam/` goes) with exactly `env`. */
export function startServer(options: { env: Env; cwd: string; port: number }): ServerProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'functions/local/main.ts')], {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return {
    child,
    url: `http://127.0.0.1:${options.port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    logs: () => jsonLines(stdout + stderr),
    exited,
  }
}

/** Polls /healthz until it answers 200; fails when the server exits first. */
export async function waitForHealthy(server: ServerProcess): Promise<void> {
  let exit: { code: number | null } | undefined
  void server.exited.then((value) => (exit = value))
  for (;;) {
    if (exit) throw new Error(`the server exited (${exit.code}) before it was healthy:\n${server.stdout()}\n${server.stderr()}`)
    const status = await fetch(`${server.url}/healthz`).then((response) => response.status, () => 0)
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Resolves with the exit, or rejects when the process is still running after `ms`. */
export async function exitWithin<T>(exited: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([exited, late])
  } finally {
    clearTimeout(timer)
  }
}

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `bin/iam.mjs` (what `npx iam` runs) to completion. */
export function runCli(args: string[], options: { env: Env; cwd?: string; input?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/iam.mjs'), ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

/** True while a process with this pid runs (a zombie waiting to be reaped does not run). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' // gone, or no /proc: trust kill(0)
  }
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>]
      } catch {
        return []
      }
    })
}
