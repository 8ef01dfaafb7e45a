// `npm start`: the local server. Configuration errors and a missing Java runtime stop it at once with a message;
// SIGTERM or SIGINT stop accepting, drain the projector and stop DynamoDB Local within 10 s. If this process is
// killed outright, DynamoDB Local dies with it (dynamodbLocal.ts runs it under `setpriv --pdeathsig KILL`).
import { join } from 'node:path'
import { Logger } from '@aws-lambda-powertools/logger'
import { ConfigError, loadConfig, type Config } from '../config.js'
import { freePort, javaAvailable, JAVA_MISSING_MESSAGE, startDynamoDbLocal } from './dynamodbLocal.js'
import type { LocalDatabase, LocalServer } from './server.js'

const SHUTDOWN_DEADLINE_MS = 9_000
// Node 20 is this project's pinned runtime; the SDK's notice about its future versions would break the JSON log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const logger = new Logger({ serviceName: 'iam-local' })

function fail(message: string, code = 1, error?: unknown): never {
  logger.error(message, error === undefined ? {} : { error })
  process.exit(code)
}

let config: Config
try {
  config = loadConfig()
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2)
  throw error
}
if (!config.dynamodbEndpoint && !javaAvailable()) fail(JAVA_MISSING_MESSAGE)

let server: LocalServer | undefined
let stopping = false

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return
  stopping = true
  logger.info('stopping', { signal })
  // Past the deadline, exit anyway: the exit hook and pdeathsig take DynamoDB Local down with us.
  setTimeout(() => fail('shutdown took too long; exiting'), SHUTDOWN_DEADLINE_MS).unref()
  await server?.stop()
  logger.info('stopped')
  process.exit(0)
}

// Repeated signals are ignored, not fatal: under `npm start`, Ctrl-C reaches this process twice (from the terminal
// and relayed by tsx), and the deadline above bounds the stop anyway.
process.on('SIGTERM', (signal) => void shutdown(signal))
process.on('SIGINT', (signal) => void shutdown(signal))

/** DYNAMODB_ENDPOINT, or the embedded DynamoDB Local on a free port, started without waiting for it. */
async function launchDatabase(): Promise<LocalDatabase> {
  if (config.dynamodbEndpoint) return { endpoint: config.dynamodbEndpoint }
  const port = await freePort()
  const embedded = startDynamoDbLocal({ port, dataDir: config.dataDir ? join(config.dataDir, 'dynamodb') : undefined })
  embedded.catch(() => undefined) // awaited, and reported, by startLocalServer
  return { endpoint: `http://127.0.0.1:${port}`, embedded }
}

try {
  // The JVM starts while the server's modules (every surface, projection and schema) load.
  const database = await launchDatabase()
  const { startLocalServer } = await import('./server.js')
  server = await startLocalServer(config, logger, database)
} catch (error) {
  if (!stopping) fail(`start failed: ${error instanceof Error ? error.message : String(error)}`, 1, error)
}
