// Wire schemas of SCP roles, their trust policies and policy bindings (spec §2.50–§2.60).
import { z } from '@hono/zod-openapi'
import { ROLE_TYPES } from '../../../../domain/scp/role/events.js'
import { pageQueryShape } from '../paging.js'
import { PolicyView, Tags } from './policySchemas.js'

const IdList = z.array(z.string().max(64)).max(100)
/** Validated by the policy language (domain/scp/policyDocument), which names the field on error. */
const Document = z.unknown().openapi({ description: 'PolicyDocument `{Version: "2024-07-01", Statement: [...]}`' })

export const RoleTrustPolicyPrincipal = z.object({ type: z.string().max(32), value: z.string().max(1024) })

export const RoleCreateRequest = z.object({
  name: z.string().max(64),
  policy_ids: IdList,
  account_id: z.string().max(64).nullable().optional(),
  assume_role_policy_document: Document.optional(),
  description: z.string().max(1000).nullable().optional(),
  max_session_duration: z.number().int().optional(),
  principals: z.array(RoleTrustPolicyPrincipal).max(100).nullable().optional(),
  tags: Tags,
})

export const RoleSetRequest = z.object({
  description: z.string().max(1000).nullable().optional(),
  max_session_duration: z.number().int().nullable().optional(),
})

export const RoleTrustPolicyRequest = z.object({ assume_role_policy_document: Document })

export const RoleBulkDeleteRequest = z.object({
  account_id: z.string().max(64).nullable().optional(),
  role_ids: IdList.nullable().optional(),
  role_names: z.array(z.string().max(64)).max(100).nullable().optional(),
})

export const RolePolicyBindingRequest = z.object({ policy_ids: IdList })

export const ROLE_SORT_FIELDS = ['created_at', 'modified_at', 'name'] as const

export const RoleListQuery = z.object({
  ...pageQueryShape(ROLE_SORT_FIELDS),
  name: z.string().optional(),
  role_type: z.string().optional(),
  account_id: z.string().optional(),
  exclude_policy_id: z.string().optional(),
})

const DocumentView = z.object({ Version: z.string(), Statement: z.array(z.record(z.string(), z.unknown())) })

export const RoleView = z.object({
  account_id: z.string().nullable(),
  assume_role_policy_document: DocumentView,
  created_at: z.string(),
  created_by: z.string(),
  creator_email: z.string().nullable(),
  creator_name: z.string().nullable(),
  description: z.string().nullable(),
  id: z.string(),
  max_session_duration: z.number().int(),
  modified_at: z.string(),
  modified_by: z.string(),
  modifier_email: z.string().nullable(),
  modifier_name: z.string().nullable(),
  name: z.string(),
  policies: z.array(PolicyView).nullable(),
  type: z.enum(ROLE_TYPES),
})

const page = { count: z.number().int(), page: z.number().int(), size: z.number().int(), sort: z.array(z.string()).nullable() }
export const RoleShowResponse = z.object({ role: RoleView })
export const RolePageResponse = z.object({ ...page, roles: z.array(RoleView) })
export const RoleTrustPolicyShowResponse = z.object({
  assume_role_policy_document: DocumentView,
  id: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  modified_at: z.string(),
  modified_by: z.string(),
})
export const RolePolicyBindingResponse = z.object({ policies: z.array(PolicyView) })
export const RolePolicyBindingPageResponse = z.object({ ...page, policies: z.array(PolicyView) })
