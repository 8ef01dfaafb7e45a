// The local server's audit subscriber: a second reader of the events table's stream, with checkpoints of its own
// (so the projections never wait for the webhook, and a restart resumes after the last batch delivered), handing
// every event to the webhook subscriber. Its first start reads the stream from its oldest record.
import type { Logger } from '@aws-lambda-powertools/logger'
import { join } from 'node:path'
import { createLocalPoller } from '../projector/poller.js'
import type { Dynamo } from '../store/dynamo.js'
import { DELIVERY_LOG_FILE, fileDeliveryLog } from './deliveryLog.js'
import { createWebhookSubscriber, type WebhookOptions } from './webhook.js'

export const WEBHOOK_CONSUMER = 'webhook'

export interface LocalWebhook {
  /** Where every delivery attempt is logged. */
  logFile: string
  stop(): Promise<void>
}

export interface LocalWebhookOptions extends Partial<Omit<WebhookOptions, 'url' | 'log'>> {
  dynamo: Dynamo
  url: string
  /** IAM_DATA_DIR, else `.iam`: the delivery log goes there. */
  stateDir: string
  logger: Pick<Logger, 'warn' | 'error'>
}

export async function startLocalWebhook(options: LocalWebhookOptions): Promise<LocalWebhook> {
  const { dynamo, url, stateDir, logger, ...tuning } = options
  const logFile = join(stateDir, DELIVERY_LOG_FILE)
  const subscriber = createWebhookSubscriber({ ...tuning, url, log: fileDeliveryLog(logFile), logger })
  const poller = createLocalPoller({ dynamo, projector: { handle: (events) => subscriber.handle(events) }, consumer: WEBHOOK_CONSUMER, logger })
  await poller.start()
  return {
    logFile,
    async stop() {
      // The poller learns it is stopping first, so the batch the closed subscriber gives up is not checkpointed.
      const stopped = poller.stop()
      subscriber.close()
      await stopped
    },
  }
}
