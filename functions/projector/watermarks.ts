// Per-stream watermarks: the last version of a stream a projection version has applied.
import type { Dynamo } from '../store/dynamo.js'
import { batchGet, keyId } from './dynamoBatch.js'
import { watermarkKey, type ItemKey } from './keys.js'
import { readEvents } from './storedEvents.js'
import type { StoredEvent } from '../../domain/core/events.js'

/** Consistent watermarks of many streams (0 = nothing applied). */
export async function readWatermarks(dynamo: Dynamo, projection: string, version: number, streamIds: readonly string[]): Promise<Map<string, number>> {
  const keys = streamIds.map((streamId) => watermarkKey(projection, version, streamId))
  const found = await batchGet(dynamo.doc, dynamo.tables.read, keys)
  return new Map(streamIds.map((streamId, index) => [streamId, watermarkOf(found.get(keyId(keys[index] as ItemKey)))]))
}

export function watermarkOf(item: Record<string, unknown> | undefined): number {
  return typeof item?.version === 'number' ? item.version : 0
}

/** The Put (for a transaction or alone) that moves a watermark from `last` to `next`, or fails if it moved. */
export function watermarkPut(dynamo: Dynamo, projection: string, version: number, streamId: string, last: number, next: number) {
  return {
    TableName: dynamo.tables.read,
    Item: { ...watermarkKey(projection, version, streamId), version: next },
    ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : '#v = :last',
    ...(last === 0 ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':last': last } }),
  }
}

/**
 * The events to apply after `last`, in order: the incoming ones when they follow on without a hole, otherwise
 * (a record arrived early, or one was lost) the whole range re-read from the events table (DESIGN §5).
 */
export async function pendingEvents(dynamo: Dynamo, streamId: string, last: number, incoming: readonly StoredEvent[]): Promise<StoredEvent[]> {
  const byVersion = new Map<number, StoredEvent>()
  for (const event of incoming) if (event.version > last) byVersion.set(event.version, event)
  if (byVersion.size === 0) return []
  const top = Math.max(...byVersion.keys())
  if (byVersion.size === top - last) return [...byVersion.values()].sort((a, b) => a.version - b.version)
  const events = await readEvents(dynamo, streamId, last, top)
  if (events.length !== top - last) throw new Error(`stream ${streamId}: versions ${last + 1}..${top} not all in the events table`)
  return events
}
