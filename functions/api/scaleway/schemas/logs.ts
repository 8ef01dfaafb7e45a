// Audit logs (spec §1.10, §2.1 `Log`).
import { z } from '@hono/zod-openapi'
import { count, id, idOut, orderBy, page, pageSize, pathId, timestamp, timestampOut } from './common.js'

export const LOG_ACTIONS = ['unknown_action', 'created', 'updated', 'deleted'] as const
export const LOG_RESOURCE_TYPES = ['unknown_resource_type', 'api_key', 'user', 'application', 'group', 'policy'] as const

export const Log = z
  .object({
    id: idOut,
    created_at: timestampOut.nullable(),
    ip: z.string(),
    user_agent: z.string(),
    action: z.enum(LOG_ACTIONS),
    /** A principal id as a UUID; system actors (CLI, sweep) keep their fixed ids. */
    bearer_id: idOut,
    organization_id: idOut,
    resource_type: z.enum(LOG_RESOURCE_TYPES),
    /** A UUID, or the access key of an API key. */
    resource_id: idOut,
  })
  .openapi('scaleway.iam.v1alpha1.Log')

export const ListLogsResponse = z
  .object({ logs: z.array(Log), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListLogsResponse')

export const LOG_ORDER = ['created_at_asc', 'created_at_desc'] as const

export const ListLogsQuery = z.object({
  order_by: orderBy(LOG_ORDER, 'created_at_asc'),
  organization_id: id.optional(),
  page_size: pageSize,
  page,
  created_after: timestamp.optional(),
  created_before: timestamp.optional(),
  action: z.enum(LOG_ACTIONS).default('unknown_action'),
  resource_type: z.enum(LOG_RESOURCE_TYPES).default('unknown_resource_type'),
  /** A bearer id or a resource id (an access key for API keys): compared as given, after id normalization. */
  search: z.string().max(128).optional(),
})

export const LogParams = z.object({ log_id: pathId('log') })
