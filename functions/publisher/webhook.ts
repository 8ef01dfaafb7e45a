// The local audit subscriber (IAM_AUDIT_WEBHOOK_URL): every event envelope POSTed as JSON, in stream order, the
// same body a rule target gets from EventBridge (envelope.ts). A network error, a timeout, 408, 425, 429 or a 5xx
// is retried with exponential backoff (honouring Retry-After); any other answer is final. Every attempt goes to
// the delivery log. Delivery is at least once: a subscriber drops repeats by `id` (the event id).
import type { Logger } from '@aws-lambda-powertools/logger'
import type { StoredEvent } from '../../domain/core/events.js'
import { sleep } from '../projector/dynamoBatch.js'
import type { DeliveryLog, DeliveryOutcome } from './deliveryLog.js'
import { busEvent } from './envelope.js'

export interface WebhookOptions {
  url: string
  log: DeliveryLog
  logger?: Pick<Logger, 'warn' | 'error'>
  /** Attempts per event before it is given up (default 8: about 30 s of backoff). */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Per request (default 5 s). */
  timeoutMs?: number
}

export interface WebhookSubscriber {
  /** Delivers the events in order; rejects only when closed while waiting to retry (the batch is then read again). */
  handle(events: readonly StoredEvent[]): Promise<void>
  /** Stops retrying: a request in flight still completes (within its timeout), a wait before a retry ends at once. */
  close(): void
}

/** Event ids delivered lately, so that a batch read again after a failure does not repeat what got through. */
const REMEMBERED = 10_000
const RETRYABLE_STATUS = new Set([408, 425, 429])

export function createWebhookSubscriber(options: WebhookOptions): WebhookSubscriber {
  const { url, log } = options
  const maxAttempts = options.maxAttempts ?? 8
  const baseDelayMs = options.baseDelayMs ?? 250
  const maxDelayMs = options.maxDelayMs ?? 10_000
  const timeoutMs = options.timeoutMs ?? 5_000
  const closing = new AbortController()
  const delivered = new Set<string>()

  function remember(eventId: string): void {
    delivered.add(eventId)
    if (delivered.size > REMEMBERED) delivered.delete(delivered.values().next().value as string)
  }

  async function attempt(body: string, event: StoredEvent, number: number): Promise<{ status?: number; retryAfterMs?: number; error?: string }> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'iam-audit-webhook',
          'x-iam-event-id': event.meta.eventId,
          'x-iam-delivery-attempt': String(number),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      return { status: response.status, retryAfterMs: retryAfter(response.headers.get('retry-after')) }
    } catch (error) {
      return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
    }
  }

  async function deliver(event: StoredEvent): Promise<void> {
    const body = JSON.stringify(busEvent(event))
    for (let number = 1; ; number++) {
      const result = await attempt(body, event, number)
      const { status } = result
      const retryable = status === undefined || status >= 500 || RETRYABLE_STATUS.has(status)
      const outcome: DeliveryOutcome =
        status !== undefined && status >= 200 && status < 300 ? 'delivered' : !retryable ? 'rejected' : number < maxAttempts ? 'retrying' : 'gave_up'
      log.record({
        at: new Date().toISOString(), eventId: event.meta.eventId, type: event.type, streamId: event.streamId, version: event.version,
        attempt: number, outcome, ...(status !== undefined && { status }), ...(result.error && { error: result.error }),
      })
      if (outcome === 'delivered') return remember(event.meta.eventId)
      if (outcome !== 'retrying') {
        options.logger?.error('the audit webhook did not take an event', { eventId: event.meta.eventId, type: event.type, outcome, status })
        return remember(event.meta.eventId)
      }
      const delay = Math.min(maxDelayMs, result.retryAfterMs ?? baseDelayMs * 2 ** (number - 1))
      await sleep(delay, closing.signal)
      if (closing.signal.aborted) throw new Error('the webhook subscriber is closed')
    }
  }

  return {
    async handle(events) {
      for (const event of events) if (!delivered.has(event.meta.eventId)) await deliver(event)
    },
    close() {
      closing.abort()
    },
  }
}

function retryAfter(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined
  return Number(header) * 1000
}
