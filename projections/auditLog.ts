// The audit log (DESIGN §5, §7): one item per event of an organization, rebuilt like any projection.
// Key: partition `log#<YYYY-MM>` (month of the event id's ULID time), sort = the event id as 32-hex, so a log id
// alone (the event id rendered as a UUID) leads to its item, and a partition reads in time order.
// Events that are Scaleway logs (scaleway/scalewayLog.ts) also get a `Log` item under the same id in partition
// `scw-log#<YYYY-MM>`, so ListLogs reads only logs; credential and principal streams keep a subject item
// (partition `log-subject`) that says whether they are a Scaleway API key or user.
import { normalizeId, type Id } from '../domain/core/ids.js'
import { parseStreamId, type StoredEvent } from '../domain/core/events.js'
import { ALL_AGGREGATE_TYPES, modelKeyId, type ModelKey, type PureProjection } from './contract.js'
import { needsSubject, scalewayLogOf, subjectOf, type LogSubject, type ScalewayLog } from './scaleway/scalewayLog.js'

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

const AUDIT_PREFIX = 'log'
const SCALEWAY_LOG_PREFIX = 'scw-log'
const SUBJECT_PARTITION = 'log-subject'

function monthPartition(time: Date, prefix = AUDIT_PREFIX): string {
  return `${prefix}#${time.toISOString().slice(0, 7)}`
}

function keyOfId(organizationId: string, logId: string, prefix: string): ModelKey | undefined {
  const id = normalizeId(logId)
  return id === undefined ? undefined : { scope: organizationId, partition: monthPartition(idTime(id), prefix), sort: id }
}

/** Where a log lives; undefined for an id that is no id. */
export function auditLogKey(organizationId: string, logId: string): ModelKey | undefined {
  return keyOfId(organizationId, logId, AUDIT_PREFIX)
}

/** Where a Scaleway `Log` lives (GetLog); undefined for an id that is no id. */
export function scalewayLogKey(organizationId: string, logId: string): ModelKey | undefined {
  return keyOfId(organizationId, logId, SCALEWAY_LOG_PREFIX)
}

function partitions(from: Date, to: Date, prefix: string): string[] {
  const found: string[] = []
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1))
  while (cursor <= to) {
    found.push(monthPartition(cursor, prefix))
    cursor.setUTCMonth(cursor.getUTCMonth() + 1)
  }
  return found
}

/** The month partitions covering [from, to], oldest first. */
export function auditLogPartitions(from: Date, to: Date): string[] {
  return partitions(from, to, AUDIT_PREFIX)
}

/** The month partitions of Scaleway logs covering [from, to], oldest first (ListLogs). */
export function scalewayLogPartitions(from: Date, to: Date): string[] {
  return partitions(from, to, SCALEWAY_LOG_PREFIX)
}

function subjectKey(event: StoredEvent): ModelKey {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return { scope: organizationId, partition: SUBJECT_PARTITION, sort: `${aggregateType}#${aggregateId}` }
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

export type AuditLogModel = AuditLogEntry | ScalewayLog | LogSubject

export const auditLog: PureProjection<AuditLogModel> = {
  kind: 'pure',
  name: AUDIT_LOG,
  aggregateTypes: [ALL_AGGREGATE_TYPES],
  keys(event) {
    const entry = auditLogEntry(event)
    const key = entry && auditLogKey(entry.organizationId, entry.id)
    if (!entry || !key) return []
    const logKey = scalewayLogKey(entry.organizationId, entry.id)!
    if (needsSubject(event)) return [key, subjectKey(event), logKey]
    return scalewayLogOf(event, entry.id) ? [key, logKey] : [key]
  },
  evolve(current, event) {
    const entry = auditLogEntry(event)
    const key = entry && auditLogKey(entry.organizationId, entry.id)
    if (!entry || !key) return new Map()
    const written = new Map<string, AuditLogModel>([[modelKeyId(key), entry]])
    let subject: LogSubject | undefined
    if (needsSubject(event)) {
      const subjectId = modelKeyId(subjectKey(event))
      const established = subjectOf(event)
      if (established) written.set(subjectId, established)
      subject = established ?? (current.get(subjectId) as LogSubject | undefined)
    }
    const log = scalewayLogOf(event, entry.id, subject)
    if (log) written.set(modelKeyId(scalewayLogKey(entry.organizationId, entry.id)!), log)
    return written
  },
}
