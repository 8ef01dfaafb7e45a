// Users (spec §1.3, §2.1 `User`).
import { z } from '@hono/zod-openapi'
import { atLeastOne, atMostOne, bodyObject, count, emptyBody, id, idOut, maxBytes, orderBy, page, pageSize, pathId, queryArray, queryBoolean, tags, timestampOut } from './common.js'

export const USER_TYPES = ['unknown_type', 'owner', 'member'] as const
export const USER_STATUSES = ['unknown_status', 'invitation_pending', 'activated'] as const

export const User = z
  .object({
    id: idOut,
    email: z.string(),
    username: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    phone_number: z.string(),
    locale: z.string(),
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    organization_id: idOut,
    deletable: z.boolean(),
    last_login_at: timestampOut.nullable(),
    type: z.enum(USER_TYPES),
    two_factor_enabled: z.boolean().openapi({ deprecated: true }),
    status: z.enum(USER_STATUSES).openapi({ deprecated: true }),
    mfa: z.boolean(),
    account_root_user_id: idOut,
    tags: z.array(z.string()),
    locked: z.boolean(),
  })
  .openapi('scaleway.iam.v1alpha1.User')

export const ListUsersResponse = z
  .object({ users: z.array(User), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListUsersResponse')

export const USER_ORDER = [
  'created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'email_asc', 'email_desc',
  'last_login_asc', 'last_login_desc', 'username_asc', 'username_desc',
] as const

export const ListUsersQuery = z.object({
  order_by: orderBy(USER_ORDER, 'created_at_asc'),
  page_size: pageSize,
  page,
  organization_id: id.optional(),
  user_ids: queryArray(id).optional(),
  mfa: queryBoolean.optional(),
  tag: z.string().max(128).optional(),
  // `guest` is the 001-era Python SDK's extra value (spec §2.2); no user has it, so it matches nothing.
  type: z.enum([...USER_TYPES, 'guest']).default('unknown_type'),
})

export const UserParams = z.object({ user_id: pathId('user') })

const EMAIL = z.regexes.email
const USERNAME = /^[a-zA-Z0-9@._-]+$/
const email = z.string().max(254).regex(EMAIL, { message: 'must be an e-mail address' })
/** Usernames (A.9): 2–150 of `[a-zA-Z0-9@._-]`. */
export const username = z.string().min(2).max(150).regex(USERNAME, { message: 'may hold letters, digits and @ . _ - only' })
/** A string where `""` means "not given" (the JS SDK types every member field as required). */
const orEmpty = (rule: (value: string) => boolean, max: number, message: string) =>
  z.string().max(max).refine((value) => value === '' || rule(value), { message, params: { reason: 'format' } })
const personName = z.string().max(64)
const phoneNumber = z.string().max(32)
const locale = z.string().max(35)

/** CreateUserRequestMember. The JS SDK types every field as required, so empty strings mean "not given". */
const CreateUserMember = bodyObject({
  email: orEmpty((value) => EMAIL.test(value), 254, 'must be an e-mail address').optional(),
  send_password_email: z.boolean().optional(),
  send_welcome_email: z.boolean().optional(),
  username: orEmpty((value) => value.length >= 2 && USERNAME.test(value), 150, 'must be 2 to 150 of letters, digits and @ . _ -').optional(),
  password: maxBytes(72).optional(),
  first_name: personName.optional(),
  last_name: personName.optional(),
  phone_number: phoneNumber.optional(),
  locale: locale.optional(),
})

export const CreateUserBody = bodyObject({
  organization_id: id.optional(),
  email: email.optional(),
  tags: tags.default([]),
  member: CreateUserMember.optional(),
})
  .superRefine(atMostOne('type', ['email', 'member']))
  .superRefine(atLeastOne(['email', 'member']))

export const UpdateUserBody = bodyObject({
  tags: tags.optional(),
  email: email.optional(),
  first_name: personName.optional(),
  last_name: personName.optional(),
  phone_number: phoneNumber.optional(),
  locale: locale.optional(),
})

export const UpdateUserUsernameBody = bodyObject({ username })

export const UpdateUserPasswordBody = bodyObject({ password: maxBytes(72, 1) })

export const LockUserBody = emptyBody
export const UnlockUserBody = emptyBody
