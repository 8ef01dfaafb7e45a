// SSH keys (spec §1.11, §2.1 `SSHKey`).
import { z } from '@hono/zod-openapi'
import { bodyObject, count, id, idOut, orderBy, page, pageSize, pathId, queryBoolean, timestampOut } from './common.js'

export const SSHKey = z
  .object({
    id: idOut,
    name: z.string(),
    public_key: z.string(),
    fingerprint: z.string(),
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    organization_id: idOut,
    project_id: idOut,
    disabled: z.boolean(),
  })
  .openapi('scaleway.iam.v1alpha1.SSHKey')

export const ListSSHKeysResponse = z
  .object({ ssh_keys: z.array(SSHKey), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListSSHKeysResponse')

export const SSH_KEY_ORDER = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'name_asc', 'name_desc'] as const

export const ListSSHKeysQuery = z.object({
  order_by: orderBy(SSH_KEY_ORDER, 'created_at_asc'),
  page,
  page_size: pageSize,
  organization_id: id.optional(),
  name: z.string().min(1).max(1000).optional(),
  project_id: id.optional(),
  disabled: queryBoolean.optional(),
})

export const SSHKeyParams = z.object({ ssh_key_id: pathId('ssh_key') })

/** `name` is required in 000 but the SDKs may send it empty (A.9 `ignoreEmpty`); `project_id` defaults to the organization's default project. */
export const CreateSSHKeyBody = bodyObject({
  name: z.string().max(1000).default(''),
  public_key: z.string().min(1).max(65_000),
  project_id: id.optional(),
})

export const UpdateSSHKeyBody = bodyObject({
  name: z.string().max(1000).optional(),
  disabled: z.boolean().optional(),
})
