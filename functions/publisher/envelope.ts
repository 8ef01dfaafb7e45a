// One domain event as subscribers receive it (docs/events.md): the stored envelope with its metadata, plus the
// organization and aggregate its stream id names, so that a rule can match on them. Events never hold secret
// material (domain/core/events.ts), so nothing is removed. The same detail goes to EventBridge and to the local
// webhook.
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'
import { parseStreamId, type EventMeta, type StoredEvent, type Surface } from '../../domain/core/events.js'

export interface EventDetail {
  organizationId: string
  aggregateType: string
  aggregateId: string
  streamId: string
  version: number
  type: string
  schemaVersion: number
  /** null when the event was too large for EventBridge (`dataOmitted`); read it from the API or the audit log. */
  data: unknown
  meta: EventMeta
  dataOmitted?: true
}

/** `iam.<surface>`: `iam.scaleway`, `iam.scp`, `iam.nscale`, `iam.authz` or `iam.system` (CLI, sweep, bootstrap). */
export function eventSource(surface: Surface): string {
  return `iam.${surface}`
}

export function eventDetail(event: StoredEvent): EventDetail {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  const { streamId, version, type, schemaVersion, data, meta } = event
  return { organizationId, aggregateType, aggregateId, streamId, version, type, schemaVersion, data, meta }
}

/** EventBridge's limit on one entry (and on one PutEvents request). */
export const MAX_ENTRY_BYTES = 256 * 1024
/** EventBridge counts a Time as 14 bytes. */
const TIME_BYTES = 14

export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (value: string | undefined) => (value === undefined ? 0 : Buffer.byteLength(value))
  return (entry.Time ? TIME_BYTES : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
}

/** The bus entry of an event; one too large for EventBridge goes without its data, flagged `dataOmitted`. */
export function busEntry(event: StoredEvent, eventBusName: string): PutEventsRequestEntry {
  const detail = eventDetail(event)
  const entry = (body: EventDetail): PutEventsRequestEntry => ({
    EventBusName: eventBusName,
    Source: eventSource(event.meta.surface),
    DetailType: event.type,
    Detail: JSON.stringify(body),
    Time: new Date(event.meta.occurredAt),
  })
  const full = entry(detail)
  return entrySize(full) <= MAX_ENTRY_BYTES ? full : entry({ ...detail, data: null, dataOmitted: true })
}

/** What a rule's target receives from EventBridge; the local webhook gets the same JSON. */
export interface BusEvent {
  version: '0'
  id: string
  source: string
  'detail-type': string
  time: string
  detail: EventDetail
}

export function busEvent(event: StoredEvent): BusEvent {
  return {
    version: '0',
    id: event.meta.eventId,
    source: eventSource(event.meta.surface),
    'detail-type': event.type,
    time: new Date(event.meta.occurredAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    detail: eventDetail(event),
  }
}
