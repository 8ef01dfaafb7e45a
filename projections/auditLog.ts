// The audit log (DESIGN §5, §7): one item per event of an organization, rebuilt like any projection.
// Key: partition `log#<YYYY-MM>` (month of the event id's ULID time), sort = the event id as 32-hex, so a log id
// alone (the event id rendered as a UUID) leads to its item, and a partition reads in time order.
import { normalizeId, type Id } from '../domain/core/ids.js'
import { parseStreamId, type StoredEvent } from '../domain/core/events.js'
import { ALL_AGGREGATE_TYPES, modelKeyId, type ModelKey, type PureProjection } from './contract.js'

export const AUDIT_LOG = 'auditLog'

export type AuditAction = 'created' | 'updated' | 'deleted'

export interface AuditLogEntry {
  [attribute: string]: unknown
  /** The log id: the event id as canonical 32-hex. */
  id: Id
  eventId: string
  eventType: string
  occurredAt: string
  organizationId: string
  actorKind: string
  actorId: string
  sourceIp: string
  userAgent: string
  requestId: string
  surface: string
  /** Aggregate type without its surface prefix, snake_case (`scw-api-key` → `api_key`). */
  resourceType: string
  resourceId: string
  action: AuditAction
}

const CREATED = ['Created', 'Issued', 'Registered']
const DELETED = ['Deleted', 'Revoked']

export function auditAction(eventType: string): AuditAction {
  if (CREATED.some((suffix) => eventType.endsWith(suffix))) return 'created'
  if (DELETED.some((suffix) => eventType.endsWith(suffix))) return 'deleted'
  return 'updated'
}

export function auditResourceType(aggregateType: string): string {
  return aggregateType.replace(/^(scw|scp|nscale)-/, '').replaceAll('-', '_')
}

/** The 48-bit millisecond time at the head of a ULID-derived id. */
function idTime(id: Id): Date {
  return new Date(Number.parseInt(id.slice(0, 12), 16))
}

function monthPartition(time: Date): string {
  return `log#${time.toISOString().slice(0, 7)}`
}

/** Where a log lives; undefined for an id that is no id. */
export function auditLogKey(organizationId: string, logId: string): ModelKey | undefined {
  const id = normalizeId(logId)
  return id === undefined ? undefined : { scope: organizationId, partition: monthPartition(idTime(id)), sort: id }
}

/** The month partitions covering [from, to], oldest first. */
export function auditLogPartitions(from: Date, to: Date): string[] {
  const partitions: string[] = []
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1))
  while (cursor <= to) {
    partitions.push(monthPartition(cursor))
    cursor.setUTCMonth(cursor.getUTCMonth() + 1)
  }
  return partitions
}

export function auditLogEntry(event: StoredEvent): AuditLogEntry | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  const id = normalizeId(event.meta.eventId)
  if (!organizationId || !id) return undefined
  return {
    id,
    eventId: event.meta.eventId,
    eventType: event.type,
    occurredAt: event.meta.occurredAt,
    organizationId,
    actorKind: event.meta.actor.kind,
    actorId: event.meta.actor.id,
    sourceIp: event.meta.sourceIp,
    userAgent: event.meta.userAgent,
    requestId: event.meta.requestId,
    surface: event.meta.surface,
    resourceType: auditResourceType(aggregateType),
    resourceId: aggregateId,
    action: auditAction(event.type),
  }
}

export const auditLog: PureProjection<AuditLogEntry> = {
  kind: 'pure',
  name: AUDIT_LOG,
  aggregateTypes: [ALL_AGGREGATE_TYPES],
  keys(event) {
    const entry = auditLogEntry(event)
    const key = entry && auditLogKey(entry.organizationId, entry.id)
    return key ? [key] : []
  },
  evolve(_current, event) {
    const entry = auditLogEntry(event)
    const key = entry && auditLogKey(entry.organizationId, entry.id)
    return key && entry ? new Map([[modelKeyId(key), entry]]) : new Map()
  },
}
