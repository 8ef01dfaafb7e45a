// The local server in one process (DESIGN §1): the HTTP server, an embedded DynamoDB Local (or the one at
// DYNAMODB_ENDPOINT), and the projector loop reading the events table's stream. It listens first, answering
// 503 until the tables, the projector and the bootstrap are ready. main.ts is the process around it.
import { dirname } from 'node:path'
import { serve } from '@hono/node-server'
import type { Logger } from '@aws-lambda-powertools/logger'
import { createApp } from '../api/app.js'
import { surfaces } from '../api/surfaces.js'
import { createDeps, keyWrapperFor } from '../api/deps.js'
import type { Config } from '../config.js'
import { createLocalPoller, type LocalPoller } from '../projector/index.js'
import { startLocalWebhook, type LocalWebhook } from '../publisher/local.js'
import { startSweepLoop, type SweepLoop } from '../sweeps/interval.js'
import { ensureTables, wrap } from '../store/dynamo.js'
import { tableNames } from '../store/tables.js'
import { localClient, type DynamoDbLocal } from './dynamodbLocal.js'
import { bootstrap } from './bootstrap.js'
import { checkMasterKey } from './masterKeyCheck.js'
import { removeServerFile, serverFilePath, writeServerFile } from './serverFile.js'

export interface LocalServer {
  url: string
  /** Stops accepting requests, drains the projector, stops DynamoDB Local. */
  stop(): Promise<void>
}

/** Where the tables are: DYNAMODB_ENDPOINT, or the embedded DynamoDB Local, already starting. */
export interface LocalDatabase {
  endpoint: string
  embedded?: Promise<DynamoDbLocal>
}

export async function startLocalServer(config: Config, logger: Logger, database: LocalDatabase): Promise<LocalServer> {
  const ready = { tables: false, projector: false, bootstrap: false }
  const running: { http?: HttpServer; local?: DynamoDbLocal; poller?: LocalPoller; serverFile?: string; sweep?: SweepLoop; webhook?: LocalWebhook } = {}
  // Stop accepting requests, drain the projector, then stop the database under them; each step at most once.
  const stop = async () => {
    const { http, local, poller, serverFile, sweep, webhook } = running
    for (const key of Object.keys(running)) delete running[key as keyof typeof running]
    const attempt = (name: string, step: () => Promise<void>) => step().catch((error) => logger.error(`stopping ${name} failed`, { error }))
    if (serverFile) removeServerFile(serverFile)
    if (http) await attempt('http server', () => close(http))
    if (sweep) await attempt('sweep', () => sweep.stop())
    if (webhook) await attempt('audit webhook', () => webhook.stop())
    if (poller) await attempt('projector', () => poller.stop())
    if (local) await attempt('DynamoDB Local', () => local.stop())
  }

  try {
    const { endpoint } = database
    const dynamo = wrap(localClient(endpoint), tableNames(config.tablePrefix))
    const deps = createDeps(config, dynamo, { logger, readiness: () => ({ ...ready }) })

    running.http = await listen(createApp(deps, surfaces).fetch, config)
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`
    logger.info('listening', { url, publicUrl: config.publicUrl })

    if (database.embedded) {
      const local = await database.embedded
      running.local = local
      logger.info('DynamoDB Local started', { pid: local.process.pid, endpoint, dataDir: config.dataDir ?? 'in memory' })
    } else {
      logger.info('using DynamoDB', { endpoint })
    }
    await ensureTables(dynamo.client, dynamo.tables)
    const masterKey = await checkMasterKey(dynamo, keyWrapperFor(config))
    logger.info(`master key ${masterKey}`, { keyFile: config.kmsKeyId ? undefined : config.keyFile, kmsKeyId: config.kmsKeyId })
    ready.tables = true

    const poller = createLocalPoller({ dynamo, projector: deps.projector, logger })
    running.poller = poller
    await poller.start()
    ready.projector = true

    await bootstrap(deps)
    ready.bootstrap = true

    if (config.auditWebhookUrl) {
      // The delivery log sits beside bootstrap.json (IAM_DATA_DIR or .iam); the URL may hold a token: log its origin.
      running.webhook = await startLocalWebhook({ dynamo, url: config.auditWebhookUrl, stateDir: dirname(config.bootstrapFile), logger })
      logger.info('audit webhook subscriber started', { origin: new URL(config.auditWebhookUrl).origin, deliveryLog: running.webhook.logFile })
    }
    running.sweep = startSweepLoop(deps, { intervalSeconds: config.sweepIntervalSeconds, logger })

    running.serverFile = serverFilePath(config.dataDir)
    writeServerFile(running.serverFile, { pid: process.pid, dynamodbEndpoint: endpoint, tablePrefix: config.tablePrefix, url })
    logger.info('ready', { url, healthz: `${url}/healthz` })
    return { url, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

type HttpServer = ReturnType<typeof serve>

function listen(fetch: (request: Request) => Response | Promise<Response>, config: Config): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => {
      server.off('error', reject)
      resolve(server)
    })
    server.once('error', reject)
  })
}

/** Stops accepting, lets requests in flight finish for a moment, then drops what is left. */
function close(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    const http = server as import('node:http').Server
    const force = setTimeout(() => http.closeAllConnections?.(), 2_000)
    server.close(() => {
      clearTimeout(force)
      resolve()
    })
    http.closeIdleConnections?.()
  })
}
