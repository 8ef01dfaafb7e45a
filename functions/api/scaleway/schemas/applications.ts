// Applications (spec §1.2, §2.1 `Application`).
import { z } from '@hono/zod-openapi'
import { bodyObject, count, description, id, idOut, orderBy, page, pageSize, pathId, queryArray, queryBoolean, resourceName, tags, timestampOut } from './common.js'

export const Application = z
  .object({
    id: idOut,
    name: z.string(),
    description: z.string(),
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    organization_id: idOut,
    editable: z.boolean(),
    deletable: z.boolean(),
    managed: z.boolean(),
    nb_api_keys: count,
    tags: z.array(z.string()),
  })
  .openapi('scaleway.iam.v1alpha1.Application')

export const ListApplicationsResponse = z
  .object({ applications: z.array(Application), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListApplicationsResponse')

export const APPLICATION_ORDER = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'name_asc', 'name_desc'] as const

export const ListApplicationsQuery = z.object({
  order_by: orderBy(APPLICATION_ORDER, 'created_at_asc'),
  page_size: pageSize,
  page,
  name: resourceName.optional(),
  organization_id: id.optional(),
  editable: queryBoolean.optional(),
  application_ids: queryArray(id).optional(),
  tag: z.string().max(128).optional(),
})

export const ApplicationParams = z.object({ application_id: pathId('application') })

export const CreateApplicationBody = bodyObject({
  name: resourceName,
  organization_id: id.optional(),
  description: description.default(''),
  tags: tags.default([]),
})

export const UpdateApplicationBody = bodyObject({
  name: resourceName.optional(),
  description: description.optional(),
  tags: tags.optional(),
})
