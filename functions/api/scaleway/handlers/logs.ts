// Audit logs (spec §1.10, §4.8): read from the audit projection's Scaleway logs (projections/scaleway/scalewayLog.ts
// says which events are logs), one month partition at a time. GetLog finds a log from its id alone.
//
// Decisions (spec §5.8 #50, #51): `ip` is the peer the runtime saw (X-Forwarded-For only behind a trusted proxy);
// `bearer_id` is the principal that made the request, also for what its request cascaded to (system actions keep
// their fixed actor ids); logs are kept as long as the events; `created_after`/`created_before` are inclusive;
// `search` matches a bearer id or a resource id exactly (any id rendering; access keys in any case).
import { isDomainError, notFound } from '../../../../domain/core/errors.js'
import { normalizeId } from '../../../../domain/core/ids.js'
import { AUDIT_LOG, scalewayLogKey, scalewayLogPartitions } from '../../../../projections/auditLog.js'
import type { ScalewayLog } from '../../../../projections/scaleway/scalewayLog.js'
import { coveredFor } from '../../../projector/organizationReads.js'
import { defineHandlers, operation } from '../operation.js'
import { enumIs, paginate, within } from '../paging.js'
import { loadOrganization } from './organizationState.js'

/** Room for the gap between an event's id time (its partition) and its recorded time. */
const PARTITION_SLACK_MS = 24 * 3600 * 1000

/** The lowest or highest log id of a millisecond: ids are event ids, whose first 48 bits are their ULID time. */
function idTimePrefix(time: number, fill: '0' | 'f'): string {
  return Math.max(0, Math.min(time, 2 ** 48 - 1)).toString(16).padStart(12, '0') + fill.repeat(20)
}

export function renderLog(log: ScalewayLog) {
  return {
    id: log.id,
    created_at: log.createdAt,
    ip: log.ip,
    user_agent: log.userAgent,
    action: log.action,
    bearer_id: log.bearerId,
    organization_id: log.organizationId,
    resource_type: log.resourceType,
    resource_id: log.resourceId,
  }
}

/** An id in any rendering compares canonically; anything else (an access key) compares upper-cased. */
function searchKey(value: string): string {
  return normalizeId(value) ?? value.trim().toUpperCase()
}

export const logHandlers = defineHandlers(
  operation('ListLogs', async ({ input, deps, organizationId, consistencyTokens, now }) => {
    const { services } = deps
    const query = input.query
    const stale = await coveredFor(services.projector, organizationId, AUDIT_LOG, consistencyTokens)
    if (stale) return stale
    const organization = await loadOrganization(services, organizationId)
    if (isDomainError(organization)) return organization
    const from = Math.max(Date.parse(organization.createdAt), query.created_after?.getTime() ?? -Infinity) - PARTITION_SLACK_MS
    const to = Math.min(now.getTime(), query.created_before?.getTime() ?? Infinity) + PARTITION_SLACK_MS
    const range = { sortFrom: idTimePrefix(from, '0'), sortTo: idTimePrefix(to, 'f') }
    const partitions = scalewayLogPartitions(new Date(from), new Date(to))
    const logs = (await Promise.all(partitions.map((partition) => services.readStore.query<ScalewayLog>(AUDIT_LOG, organizationId, partition, range))))
      .flat()
      .map((entry) => entry.model)
    const search = query.search === undefined ? undefined : searchKey(query.search)
    const page = paginate(logs, {
      filter: (log) =>
        within(log.createdAt, query.created_after, query.created_before) &&
        enumIs(log.action, query.action, 'unknown_action') &&
        enumIs(log.resourceType, query.resource_type, 'unknown_resource_type') &&
        (search === undefined || searchKey(log.bearerId) === search || searchKey(log.resourceId) === search),
      orderBy: query.order_by,
      sortKeys: { created_at: (log) => log.createdAt },
      tieBreaker: (log) => log.id,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { logs: page.items.map(renderLog), total_count: page.total_count } }
  }),

  operation('GetLog', async ({ input, deps, principal, consistencyTokens }) => {
    const { services } = deps
    const stale = await coveredFor(services.projector, principal.organizationId, AUDIT_LOG, consistencyTokens)
    if (stale) return stale
    const id = input.params.log_id
    const key = scalewayLogKey(principal.organizationId, id)
    const log = key && (await services.readStore.get<ScalewayLog>(AUDIT_LOG, key))
    return log ? { body: renderLog(log) } : notFound('log', id)
  }),
)
