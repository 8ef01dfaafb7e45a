// API keys (spec §1.1, §2.1 `APIKey`).
import { z } from '@hono/zod-openapi'
import {
  accessKeyFilter, accessKeyPath, atLeastOne, atMostOne, bodyObject, count, description, id, idOut, orderBy, page, pageSize,
  queryArray, queryBoolean, timestamp, timestampOut,
} from './common.js'

export const APIKey = z
  .object({
    access_key: z.string(),
    secret_key: z.string().nullable().openapi({ description: 'Only in the CreateAPIKey response.' }),
    application_id: idOut.nullable(),
    user_id: idOut.nullable(),
    description: z.string(),
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    expires_at: timestampOut.nullable(),
    default_project_id: idOut,
    editable: z.boolean(),
    deletable: z.boolean(),
    managed: z.boolean(),
    creation_ip: z.string(),
  })
  .openapi('scaleway.iam.v1alpha1.APIKey')

export const ListAPIKeysResponse = z
  .object({ api_keys: z.array(APIKey), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListAPIKeysResponse')

export const API_KEY_ORDER = [
  'created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc',
  'expires_at_asc', 'expires_at_desc', 'access_key_asc', 'access_key_desc',
] as const
export const BEARER_TYPES = ['unknown_bearer_type', 'user', 'application'] as const

export const ListAPIKeysQuery = z
  .object({
    order_by: orderBy(API_KEY_ORDER, 'created_at_asc'),
    page,
    page_size: pageSize,
    organization_id: id.optional(),
    editable: queryBoolean.optional(),
    expired: queryBoolean.optional(),
    access_key: accessKeyFilter.optional().openapi({ deprecated: true }),
    description: description.optional(),
    bearer_id: id.optional(),
    bearer_type: z.enum(BEARER_TYPES).default('unknown_bearer_type'),
    access_keys: queryArray(accessKeyFilter).optional(),
    // Sent by SDK 1.6.0 and the 001-era Python SDK (one-of `bearer`).
    application_id: id.optional(),
    user_id: id.optional(),
  })
  .superRefine(atMostOne('bearer', ['application_id', 'user_id']))

export const AccessKeyParams = z.object({ access_key: accessKeyPath })

export const CreateAPIKeyBody = bodyObject({
  application_id: id.optional(),
  user_id: id.optional(),
  expires_at: timestamp.optional(),
  default_project_id: id.optional(),
  description: description.default(''),
})
  .superRefine(atMostOne('bearer', ['application_id', 'user_id']))
  .superRefine(atLeastOne(['user_id', 'application_id']))

export const UpdateAPIKeyBody = bodyObject({
  default_project_id: id.optional(),
  description: description.optional(),
  expires_at: timestamp.optional(),
})
