// Wire schemas of SCP identity policies and their bindings (spec §2.35–§2.45, §1.16).
import { z } from '@hono/zod-openapi'
import { IDENTITY_TYPES } from '../../../../domain/scp/links/events.js'
import { POLICY_CATEGORIES, POLICY_TYPES } from '../../../../domain/scp/policy/events.js'
import { contains, pageQueryShape, queryList } from '../paging.js'

export const Tags = z.array(z.object({ key: z.string(), value: z.string() })).nullable().optional()
const IdList = z.array(z.string().max(64)).max(100)

export const PolicyVersionCreateRequest = z.object({
  /** Validated by the policy language (domain/scp/policyDocument), which names the field on error. */
  policy_document: z.unknown(),
  policy_id: z.string().nullable().optional(),
  policy_version_id: z.string().nullable().optional(),
  policy_version_name: z.string().max(128).nullable().optional(),
})

export const PolicyCreateRequest = z.object({
  policy_name: z.string().max(128),
  policy_version: PolicyVersionCreateRequest,
  default_version_id: z.string().nullable().optional(),
  description: z.string().max(1000).nullable().optional(),
  policy_category: z.enum(POLICY_CATEGORIES).optional(),
  policy_type: z.enum(POLICY_TYPES).optional(),
  service_type: z.string().max(64).nullable().optional(),
  tags: Tags,
})

export const PolicySetRequest = z.object({
  policy_name: z.string().max(128).nullable().optional(),
  description: z.string().max(1000).nullable().optional(),
  default_version_id: z.string().nullable().optional(),
  policy_version: PolicyVersionCreateRequest.nullable().optional(),
})

export const ListPolicyRemoveRequest = z.object({ ids: IdList.optional() })
export const PolicyQueryRequest = z.object({ excluded_policy_ids: IdList.nullable().optional() })
export const PolicyIdsRequest = z.object({ policy_ids: IdList })
export const OptionalPolicyIdsRequest = z.object({ policy_ids: IdList.optional() })

export const PolicyBindingSetRequest = z.object({
  identity_type: z.enum(IDENTITY_TYPES),
  add_ids: IdList.nullable().optional(),
  remove_ids: IdList.nullable().optional(),
})

export const POLICY_SORT_FIELDS = ['created_at', 'modified_at', 'policy_name'] as const

export const PolicyListQuery = z.object({
  ...pageQueryShape(POLICY_SORT_FIELDS),
  id: z.string().optional(),
  policy_name: z.string().optional(),
  policy_type: queryList.optional(),
  service_type: queryList.optional(),
  creator_name: z.string().optional(),
  creator_email: z.string().optional(),
  modifier_name: z.string().optional(),
  modifier_email: z.string().optional(),
  exclude_group_id: z.string().optional(),
  exclude_user_id: z.string().optional(),
})

export const BoundPolicyListQuery = z.object({
  ...pageQueryShape(POLICY_SORT_FIELDS),
  policy_id: z.string().optional(),
  policy_name: z.string().optional(),
  policy_type: queryList.optional(),
})

export const PolicyBindingListQuery = z.object({
  ...pageQueryShape(['created_at', 'name']),
  identity_id: z.string().optional(),
  identity_type: z.enum(IDENTITY_TYPES).optional(),
  name: z.string().optional(),
})

export const PolicyVersionView = z.object({
  created_at: z.string(),
  created_by: z.string(),
  id: z.string(),
  modified_at: z.string(),
  modified_by: z.string(),
  policy_document: z.object({ Version: z.string(), Statement: z.array(z.record(z.string(), z.unknown())) }),
  policy_id: z.string(),
  policy_version_name: z.string(),
})

export const PolicyView = z.object({
  account_id: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  creator_email: z.string().nullable(),
  creator_name: z.string().nullable(),
  default_version_id: z.string(),
  description: z.string().nullable(),
  domain_name: z.string(),
  id: z.string(),
  modified_at: z.string(),
  modified_by: z.string(),
  modifier_email: z.string().nullable(),
  modifier_name: z.string().nullable(),
  policy_category: z.enum(POLICY_CATEGORIES),
  policy_name: z.string(),
  policy_type: z.enum(POLICY_TYPES),
  policy_versions: z.array(PolicyVersionView),
  resource_type: z.string().nullable(),
  service_name: z.string().nullable(),
  service_type: z.string().nullable(),
  srn: z.string(),
  state: z.enum(['ACTIVE', 'INACTIVE', 'DELETED']),
})

const page = { count: z.number().int(), page: z.number().int(), size: z.number().int(), sort: z.array(z.string()).nullable() }
export const PolicyPageResponse = z.object({ ...page, policies: z.array(PolicyView) })
export const UserPolicyPageResponse = z.object({ ...page, policies: z.array(PolicyView), user_id: z.string() })
export const UserPolicyResponse = z.object({ policies: z.array(PolicyView), user_id: z.string() })
export const GroupPolicyResponse = z.object({ policies: z.array(PolicyView) })
export const PolicyBindingPageResponse = z.object({
  ...page,
  policy_id: z.string(),
  groups: z.array(z.record(z.string(), z.unknown())).nullable(),
  roles: z.array(z.record(z.string(), z.unknown())).nullable(),
  users: z.array(z.record(z.string(), z.unknown())).nullable(),
})

/** Filters shared by the policy lists (POL-6/7, UPB-2, GPB-2): case-insensitive contains on text, any-of on types. */
export function policyMatches(
  policy: { id: string; policy_name: string; policy_type: string; service_type: string | null; creator_name: string | null; creator_email: string | null; modifier_name: string | null; modifier_email: string | null },
  query: { id?: string; policy_id?: string; policy_name?: string; policy_type?: string[]; service_type?: string[]; creator_name?: string; creator_email?: string; modifier_name?: string; modifier_email?: string },
): boolean {
  const wanted = query.id ?? query.policy_id
  return (wanted === undefined || policy.id === wanted.replaceAll('-', '').toLowerCase()) &&
    contains(policy.policy_name, query.policy_name) &&
    (query.policy_type === undefined || query.policy_type.length === 0 || query.policy_type.includes(policy.policy_type)) &&
    (query.service_type === undefined || query.service_type.length === 0 || query.service_type.includes(policy.service_type ?? '')) &&
    contains(policy.creator_name, query.creator_name) &&
    contains(policy.creator_email, query.creator_email) &&
    contains(policy.modifier_name, query.modifier_name) &&
    contains(policy.modifier_email, query.modifier_email)
}

export const POLICY_SORT_KEYS = {
  created_at: (policy: { created_at: string }) => policy.created_at,
  modified_at: (policy: { modified_at: string }) => policy.modified_at,
  policy_name: (policy: { policy_name: string }) => policy.policy_name,
}
