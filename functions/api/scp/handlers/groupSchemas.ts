// Wire schemas of SCP groups and members (spec §2.6–§2.19, GRP-3 and GMB-2 filters).
import { z } from '@hono/zod-openapi'
import { pageQueryShape, queryBoolean, queryList } from '../paging.js'
import { PolicyView, Tags } from './policySchemas.js'

const IdList = z.array(z.string().max(64)).max(100)

export const GroupCreateRequest = z.object({
  name: z.string().max(24),
  /** Required but nullable (spec §2.9): a missing key reads as null (decision §6.24). */
  description: z.string().max(1000).nullable().optional(),
  policy_ids: IdList.nullable().optional(),
  tags: Tags,
  user_ids: IdList.nullable().optional(),
})

export const GroupSetRequest = z.object({ name: z.string().max(24), description: z.string().max(1000).nullable().optional() })
export const GroupMemberCreateRequest = z.object({ user_id: z.string().max(64) })

export const GROUP_SORT_FIELDS = ['created_at', 'modified_at', 'name'] as const

export const GroupListQuery = z.object({
  ...pageQueryShape(GROUP_SORT_FIELDS),
  name: z.string().optional(),
  types: queryList.optional(),
  ids: queryList.optional(),
  has_member: queryBoolean.optional(),
  has_role: queryBoolean.optional(),
  /** Undefined by the document (decision §6.20): accepted and ignored. */
  is_completed: queryBoolean.optional(),
  creator_name: z.string().optional(),
  creator_email: z.string().optional(),
  modifier_name: z.string().optional(),
  modifier_email: z.string().optional(),
  exclude_user_id: z.string().optional(),
  exclude_policy_id: z.string().optional(),
})

export const GroupMemberListQuery = z.object({
  ...pageQueryShape(['created_at', 'user_name', 'user_email']),
  user_name: z.string().optional(),
  user_email: z.string().optional(),
  creator_name: z.string().optional(),
  creator_email: z.string().optional(),
})

export const CreatedGroupMember = z.object({
  created_at: z.string(),
  created_by: z.string(),
  creator_email: z.string(),
  creator_name: z.string(),
  user_email: z.string(),
  user_id: z.string(),
  user_name: z.string(),
})

export const GroupMemberView = CreatedGroupMember.extend({
  creator_created_at: z.string().nullable(),
  creator_last_login_at: z.string().nullable(),
  group_names: z.array(z.string()),
  user_created_at: z.string().nullable(),
  user_last_login_at: z.string().nullable(),
})

export const GroupView = z.object({
  created_at: z.string(),
  created_by: z.string(),
  creator_email: z.string(),
  creator_name: z.string(),
  description: z.string().nullable(),
  domain_name: z.string(),
  id: z.string(),
  members: z.array(GroupMemberView).nullable(),
  modified_at: z.string(),
  modified_by: z.string(),
  modifier_email: z.string(),
  modifier_name: z.string(),
  name: z.string(),
  policies: z.array(PolicyView).nullable(),
  resource_type: z.string().nullable(),
  roles: z.array(z.record(z.string(), z.unknown())).nullable(),
  service_name: z.string().nullable(),
  service_type: z.string().nullable(),
  srn: z.string().nullable(),
  type: z.string(),
})

const page = { count: z.number().int(), page: z.number().int(), size: z.number().int(), sort: z.array(z.string()).nullable() }
export const GroupShowResponse = z.object({ group: GroupView })
export const GroupPageResponse = z.object({ ...page, groups: z.array(GroupView) })
export const GroupMemberCreateResponse = z.object({ group_member: CreatedGroupMember })
export const GroupMemberPageResponse = z.object({ ...page, group_members: z.array(GroupMemberView) })
