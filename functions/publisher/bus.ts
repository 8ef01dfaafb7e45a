// Puts event envelopes on the EventBridge bus. Calls made in the same tick are sent together, ten entries (and
// at most 256 KB) per PutEvents, so a stream batch handled record by record costs a tenth of the requests.
// Entries EventBridge reports as throttled or failed internally are sent again a few times; what still fails
// rejects its own publish() only.
import { PutEventsCommand, type PutEventsCommandOutput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'
import type { StoredEvent } from '../../domain/core/events.js'
import { backoff, sleep } from '../projector/dynamoBatch.js'
import { busEntry, entrySize, MAX_ENTRY_BYTES } from './envelope.js'

/** The part of the EventBridge client the publisher uses (tests pass a fake). */
export interface EventBridgeLike {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>
}

export interface BusPublisher {
  publish(event: StoredEvent): Promise<void>
}

const ENTRIES_PER_REQUEST = 10
const RETRYABLE = new Set(['ThrottlingException', 'InternalFailure', 'InternalException'])
const ATTEMPTS = 4

interface Pending {
  entry: PutEventsRequestEntry
  resolve: () => void
  reject: (error: Error) => void
}

export function createBusPublisher(options: { client: EventBridgeLike; eventBusName: string }): BusPublisher {
  const { client, eventBusName } = options
  let queued: Pending[] = []

  async function flush(): Promise<void> {
    const batch = queued
    queued = []
    await Promise.all(requests(batch).map((request) => send(request)))
  }

  async function send(request: Pending[], attempt = 1): Promise<void> {
    let output: PutEventsCommandOutput
    try {
      output = await client.send(new PutEventsCommand({ Entries: request.map(({ entry }) => entry) }))
    } catch (error) {
      for (const pending of request) pending.reject(error as Error)
      return
    }
    const retry: Pending[] = []
    request.forEach((pending, index) => {
      const result = output.Entries?.[index]
      if (result && !result.ErrorCode && result.EventId) return pending.resolve()
      const code = result?.ErrorCode ?? 'NoResult'
      if (RETRYABLE.has(code) && attempt < ATTEMPTS) return void retry.push(pending)
      pending.reject(new Error(`EventBridge refused ${pending.entry.DetailType}: ${code} ${result?.ErrorMessage ?? ''}`.trim()))
    })
    if (retry.length === 0) return
    await sleep(backoff(attempt, 100, 1000))
    await send(retry, attempt + 1)
  }

  return {
    publish(event) {
      return new Promise<void>((resolve, reject) => {
        if (queued.length === 0) setImmediate(() => void flush())
        queued.push({ entry: busEntry(event, eventBusName), resolve, reject })
      })
    },
  }
}

/** Groups entries into PutEvents requests of at most ten entries and 256 KB. */
function requests(batch: readonly Pending[]): Pending[][] {
  const out: Pending[][] = []
  let current: Pending[] = []
  let bytes = 0
  for (const pending of batch) {
    const size = entrySize(pending.entry)
    if (current.length === ENTRIES_PER_REQUEST || (current.length > 0 && bytes + size > MAX_ENTRY_BYTES)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(pending)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}
