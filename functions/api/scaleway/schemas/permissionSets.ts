// Permission sets and check-permissions (spec §1.7, §1.8, §2.1 `PermissionSet`, `CheckPermissions*`).
import { z } from '@hono/zod-openapi'
import { atMostOne, bodyObject, count, id, idOut, orderBy, page, pageSize } from './common.js'
import { SCOPE_TYPES } from './policies.js'

export const PermissionSet = z
  .object({
    id: idOut,
    name: z.string(),
    scope_type: z.enum(SCOPE_TYPES),
    description: z.string(),
    categories: z.array(z.string()).nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.PermissionSet')

export const ListPermissionSetsResponse = z
  .object({ permission_sets: z.array(PermissionSet), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListPermissionSetsResponse')

export const PERMISSION_SET_ORDER = ['name_asc', 'name_desc', 'created_at_asc', 'created_at_desc'] as const

/** `organization_id` is required in 000; the SDKs fill it from the profile, and the caller's organization is the default. */
export const ListPermissionSetsQuery = z.object({
  order_by: orderBy(PERMISSION_SET_ORDER, 'name_asc'),
  page_size: pageSize,
  page,
  organization_id: id.optional(),
})

const permissionPart = z.string().min(1).max(128)

export const CheckPermissionsPermission = bodyObject({
  service: permissionPart,
  name: permissionPart,
  action: permissionPart,
  project_id: id.optional(),
  organization_id: id.optional(),
})
  .superRefine(atMostOne('scope', ['project_id', 'organization_id']))
  .openapi('scaleway.iam.v1alpha1.CheckPermissionsRequest.Permission')

export const CheckPermissionsBody = bodyObject({ permissions: z.array(CheckPermissionsPermission).max(100).default([]) })

export const DECISIONS = ['deny', 'allow'] as const

export const CheckPermissionsResponse = z
  .object({ responses: z.array(z.object({ decision: z.enum(DECISIONS) }).openapi('scaleway.iam.v1alpha1.CheckPermissionsResponse.Response')) })
  .openapi('scaleway.iam.v1alpha1.CheckPermissionsResponse')
