// Groups (spec §1.4, §2.1 `Group`).
import { z } from '@hono/zod-openapi'
import {
  atLeastOne, bodyObject, count, description, id, idOut, orderBy, page, pageSize, pathId, queryArray, resourceName, tags, timestampOut,
} from './common.js'

export const Group = z
  .object({
    id: idOut,
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    organization_id: idOut,
    name: z.string(),
    description: z.string(),
    user_ids: z.array(idOut),
    application_ids: z.array(idOut),
    tags: z.array(z.string()),
    editable: z.boolean(),
    deletable: z.boolean(),
    managed: z.boolean(),
  })
  .openapi('scaleway.iam.v1alpha1.Group')

export const ListGroupsResponse = z
  .object({ groups: z.array(Group), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListGroupsResponse')

export const GROUP_ORDER = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'name_asc', 'name_desc'] as const

export const ListGroupsQuery = z.object({
  order_by: orderBy(GROUP_ORDER, 'created_at_asc'),
  page,
  page_size: pageSize,
  organization_id: id.optional(),
  name: z.string().min(1).max(64).optional(),
  application_ids: queryArray(id).optional(),
  user_ids: queryArray(id).optional(),
  group_ids: queryArray(id).optional(),
  tag: z.string().max(128).optional(),
})

export const GroupParams = z.object({ group_id: pathId('group') })

/** Member lists in one request: bounded so that a request always fits one event (the quota caps a group's size). */
const memberIds = z.array(id).max(1000)

export const CreateGroupBody = bodyObject({
  organization_id: id.optional(),
  name: resourceName,
  description: description.default(''),
  tags: tags.default([]),
})

export const UpdateGroupBody = bodyObject({
  name: resourceName.optional(),
  description: description.optional(),
  tags: tags.optional(),
})

/** AddGroupMember / RemoveGroupMember: the prose allows "one of each per request", so both may be given. */
export const GroupMemberBody = bodyObject({ user_id: id.optional(), application_id: id.optional() })
  .superRefine(atLeastOne(['user_id', 'application_id']))

export const AddGroupMembersBody = bodyObject({
  user_ids: memberIds.default([]),
  application_ids: memberIds.default([]),
})

export const SetGroupMembersBody = bodyObject({ user_ids: memberIds, application_ids: memberIds })
