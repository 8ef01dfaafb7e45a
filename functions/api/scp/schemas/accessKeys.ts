// AccessKey models (spec §2.1–§2.5, §2.28–§2.29) and the access-key list query.
import { z } from '@hono/zod-openapi'
import { markerQueryShape } from '../paging.js'
import { IdText, Link } from './common.js'

export const AccessKey = z
  .object({
    access_key: z.string(),
    access_key_type: z.enum(['PERMANENT', 'TEMPORARY', 'SECRET_VAULT_TEMPORARY']),
    account_id: z.string(),
    created_at: z.string(),
    created_by: z.string(),
    description: z.string().nullable(),
    expiration_timestamp: z.string(),
    id: z.string(),
    is_enabled: z.boolean(),
    modified_at: z.string(),
    modified_by: z.string(),
    parent_access_key_id: z.string().nullable(),
    secret_key: z.string().nullable().openapi({ description: 'Returned at creation only; null on every other answer.' }),
  })
  .openapi('AccessKey')

export const AccessKeyResponse = z.object({ access_key: AccessKey }).openapi('AccessKeyResponse')

export const ListAccessKeyResponse = z
  .object({ access_keys: z.array(AccessKey), count: z.number().int().nullable().optional(), links: z.array(Link).nullable().optional() })
  .openapi('ListAccessKeyResponse')

export const AccessKeyCreateRequest = z
  .object({
    access_key_type: z.enum(['PERMANENT', 'TEMPORARY']),
    account_id: IdText.optional(),
    description: z.string().max(1000).nullable().optional(),
    duration: z.string().max(64).nullable().optional().openapi({ example: 'PT12H', description: 'ISO 8601 duration' }),
    parent_access_key_id: IdText.nullable().optional(),
    passcode: z.string().regex(/^\d{6}$/, 'must be 6 digits').nullable().optional(),
  })
  .openapi('AccessKeyCreateRequest')

export const AccessKeyUpdateRequest = z.object({ is_enabled: z.boolean().default(true) }).openapi('AccessKeyUpdateRequest')

export const AccessKeyOtpRequest = z
  .object({ locale: z.enum(['ko_KR', 'en_US']).optional(), method: z.enum(['PHONE', 'EMAIL']).optional() })
  .openapi('AccessKeyOtpRequest')

export const ACCESS_KEY_SORT_FIELDS = ['created_at', 'modified_at', 'expiration_timestamp', 'description'] as const

export const ListAccessKeysQuery = z.object({
  ...markerQueryShape(ACCESS_KEY_SORT_FIELDS),
  account_id: IdText.optional(),
  access_key_type: z.enum(['PERMANENT', 'TEMPORARY', 'SECRET_VAULT_TEMPORARY']).optional(),
  parent_access_key_id: IdText.optional(),
})

/** Bulk delete: at most 30 keys per request (each is 3 items of one transaction). */
export const ListAccessKeyRemoveRequest = z
  .object({
    ids: z.array(IdText).min(1).max(30),
    limit: z.number().int().min(1).max(1000).nullable().optional(),
    marker: IdText.nullable().optional(),
    sort: z.string().nullable().optional(),
    with_count: z.union([z.string(), z.boolean()]).nullable().optional(),
  })
  .openapi('ListAccessKeyRemoveRequest')
