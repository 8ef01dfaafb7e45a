// `npm start`: the local server. Configuration errors and a missing Java runtime stop it at once with a message;
// SIGTERM or SIGINT stop accepting, drain the projector and stop DynamoDB Local within 10 s. If this process is
// killed outright, DynamoDB Local dies with it (dynamodbLocal.ts runs it under `setpriv --pdeathsig KILL`).
import { ConfigError, loadConfig, type Config } from '../config.js'
import { createLogger } from '../api/deps.js'
import { javaAvailable, JAVA_MISSING_MESSAGE } from './dynamodbLocal.js'
import { startLocalServer, type LocalServer } from './server.js'

const SHUTDOWN_DEADLINE_MS = 9_000
// Node 20 is this project's pinned runtime; the SDK's notice about its future versions would break the JSON log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const logger = createLogger('iam-local')

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

process.once('SIGTERM', (signal) => void shutdown(signal))
process.once('SIGINT', (signal) => void shutdown(signal))

try {
  server = await startLocalServer(config, logger)
} catch (error) {
  if (!stopping) fail(`start failed: ${error instanceof Error ? error.message : String(error)}`, 1, error)
}
