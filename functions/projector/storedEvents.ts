// Events as the projector sees them: events-table items (from a stream record or a Query), upcast by the store.
import type { StoredEvent } from '../../domain/core/events.js'
import { systemClock, ulidIds } from '../../domain/core/ids.js'
import type { Dynamo } from '../store/dynamo.js'
import { createEventStore, eventFromItem as storedEventOf } from '../store/eventStore.js'

/** An unmarshalled events-table item → StoredEvent; throws on an item that is not an event (a record to report). */
export function eventFromItem(item: Record<string, unknown>): StoredEvent {
  const { streamId, version, type, meta } = item
  if (typeof streamId !== 'string' || typeof version !== 'number' || typeof type !== 'string' || typeof meta !== 'object' || meta === null) {
    throw new Error(`not an event item: ${String(streamId)}@${String(version)}`)
  }
  return storedEventOf(item)
}

/** Versions in (after, upTo] of one stream, consistent, in order. */
export async function readEvents(dynamo: Dynamo, streamId: string, after: number, upTo?: number): Promise<StoredEvent[]> {
  if (upTo !== undefined && upTo <= after) return []
  return createEventStore(dynamo, { clock: systemClock, ids: ulidIds }).readStream(streamId, after, upTo)
}
