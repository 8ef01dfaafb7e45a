// DynamoDB Streams records (from GetRecords or a Lambda event) → StoredEvents. The events table is append-only,
// so only INSERT records carry events.
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { StoredEvent } from '../../domain/core/events.js'
import { eventFromItem } from './storedEvents.js'

/** The part of a stream record the projector reads; both the SDK's and Lambda's record types fit it. */
export interface StreamRecordLike {
  eventName?: string
  dynamodb?: { NewImage?: Record<string, unknown>; SequenceNumber?: string }
}

/** The event a record carries, undefined for a record that is not an insert; throws on an unreadable image. */
export function eventOfRecord(record: StreamRecordLike): StoredEvent | undefined {
  if (record.eventName !== 'INSERT') return undefined
  const image = record.dynamodb?.NewImage
  if (!image) throw new Error('stream record without NewImage (the stream must be NEW_IMAGE)')
  return eventFromItem(unmarshall(withEmptyMaps(image) as unknown as Parameters<typeof unmarshall>[0]))
}

type AttributeValue = Record<string, unknown>

/** DynamoDB Local's stream writes an empty map attribute as `{}` instead of `{"M":{}}`; read it as the map it is. */
function withEmptyMaps(image: Record<string, unknown>): Record<string, AttributeValue> {
  const fix = (value: unknown): AttributeValue => {
    const attribute = value as AttributeValue
    if (Object.keys(attribute).length === 0) return { M: {} }
    if (attribute.M) return { M: withEmptyMaps(attribute.M as Record<string, unknown>) }
    if (Array.isArray(attribute.L)) return { L: attribute.L.map(fix) }
    return attribute
  }
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, fix(value)]))
}

export function eventsOfRecords(records: readonly StreamRecordLike[], onUnreadable: (record: StreamRecordLike, error: unknown) => void): StoredEvent[] {
  const events: StoredEvent[] = []
  for (const record of records) {
    try {
      const event = eventOfRecord(record)
      if (event) events.push(event)
    } catch (error) {
      onUnreadable(record, error)
    }
  }
  return events
}
