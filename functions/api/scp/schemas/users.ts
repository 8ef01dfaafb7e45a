// Account users (spec §2.20–§2.27, §2.31, §2.77).
import { z } from '@hono/zod-openapi'
import { pageQueryShape } from '../paging.js'
import { IdText, PageFields } from './common.js'

const UserBase = {
  account_id: z.string().nullable(),
  company_name: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  description: z.string().nullable(),
  dst_offset: z.string().nullable(),
  email: z.string().nullable(),
  email_authenticated: z.boolean(),
  first_name: z.string().nullable(),
  id: z.string(),
  last_login_at: z.string().nullable(),
  last_name: z.string().nullable(),
  last_password_update_at: z.string().nullable(),
  modified_at: z.string(),
  modified_by: z.string(),
  name: z.string().nullable(),
  password_reuse_count: z.number().int(),
  phone_authenticated: z.boolean(),
  policies: z.array(z.unknown()).nullable(),
  state: z.string().nullable(),
  timezone: z.string().nullable(),
  type: z.string(),
  tz_id: z.string().nullable(),
  user_name: z.string().nullable(),
  utc_offset: z.string().nullable(),
}

export const UserResponse = z.object(UserBase).openapi('UserResponse')
export const IAMUserResponse = z.object({ ...UserBase, groups: z.array(z.string()).nullable() }).openapi('IAMUserResponse')
export const IAMCreateUserResponse = z.object({ ...UserBase, password: z.string(), console_url: z.string() }).openapi('IAMCreateUserResponse')
export const IAMUserDetailResponse = z
  .object({
    ...UserBase,
    srn: z.string().nullable(),
    created_by_name: z.string().nullable(),
    modified_by_name: z.string().nullable(),
    resource_type: z.string().nullable(),
    service: z.string().nullable(),
    service_name: z.string().nullable(),
  })
  .openapi('IAMUserDetailResponse')
export const ListIAMUserResponse = z.object({ ...PageFields, users: z.array(IAMUserResponse) }).openapi('ListIAMUserResponse')

export const IAMUserCreateRequest = z
  .object({
    user_name: z.string().min(1).max(64).regex(/^[a-zA-Z0-9+.@\-_]*$/, 'may hold only letters, digits and + . @ - _'),
    password: z.string().min(1).max(72),
    temporary_password: z.boolean(),
    description: z.string().max(1000).nullable().optional(),
    group_ids: z.array(z.string()).nullable().optional(),
    policy_ids: z.array(z.string()).nullable().optional(),
    tags: z.array(z.record(z.string(), z.string())).max(50).nullable().optional(),
  })
  .openapi('IAMUserCreateRequest')

export const IAMUserUpdateRequest = z
  .object({ description: z.string().max(1000).nullable().optional(), password_reuse_count: z.number().int().min(0).max(24) })
  .openapi('IAMUserUpdateRequest')

export const IAMUserPasswordUpdateRequest = z
  .object({ password: z.string().min(1).max(72), temporary_password: z.boolean().nullable().optional() })
  .openapi('IAMUserPasswordUpdateRequest')

/** At most 20 users per bulk delete (each deletion and its cascade share one transaction). */
export const IAMUserDeleteRequest = z.object({ user_ids: z.array(IdText).min(1).max(20) }).openapi('IAMUserDeleteRequest')

export const USER_SORT_FIELDS = ['created_at', 'modified_at', 'user_name', 'email'] as const

export const ListUsersQuery = z.object({
  ...pageQueryShape(USER_SORT_FIELDS),
  login_id: z.string().max(255).optional(),
  email: z.string().max(255).optional(),
  nation_id: z.string().max(64).optional(),
  phone_number: z.string().max(64).optional(),
  user_name: z.string().max(255).optional(),
  exclude_group_id: IdText.optional(),
  exclude_policy_id: IdText.optional(),
  type: z.string().max(64).optional(),
})
