// Events of an nscale group (aggregate `nscale-group`). The group owns every binding that grants through it
// (spec §6.1, §9 #23): its roles, its members (user memberships and service accounts) and the projects that name
// it. Writes from the other side (a user's or service account's `groupIDs`, a project's `groupIDs`) append these
// events to the group streams in the same transaction, so the effective grants fold from the group stream alone.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { resourceMetadataSchema } from '../resourceMetadata.js'

const at = z.string()
const by = z.string()
const ids = z.array(idSchema).max(100)

export const NscaleGroupCreated = defineEvent(
  'NscaleGroupCreated',
  z.object({ id: idSchema, organizationId: idSchema, metadata: resourceMetadataSchema, roleIds: ids, at, by }),
)
/** A full replacement of the metadata and roles (PUT). */
export const NscaleGroupUpdated = defineEvent('NscaleGroupUpdated', z.object({ metadata: resourceMetadataSchema, roleIds: ids, at, by }))
export const NscaleGroupMembersAdded = defineEvent('NscaleGroupMembersAdded', z.object({ userIds: ids, serviceAccountIds: ids, at, by }))
export const NscaleGroupMembersRemoved = defineEvent('NscaleGroupMembersRemoved', z.object({ userIds: ids, serviceAccountIds: ids, at, by }))
/** Projects whose `groupIDs` now name the group (written by project writes). */
export const NscaleGroupProjectsBound = defineEvent('NscaleGroupProjectsBound', z.object({ projectIds: ids, at }))
export const NscaleGroupProjectsUnbound = defineEvent('NscaleGroupProjectsUnbound', z.object({ projectIds: ids, at }))
export const NscaleGroupDeleted = defineEvent('NscaleGroupDeleted', z.object({ at, by }))

export type GroupEvent =
  | ReturnType<typeof NscaleGroupCreated>
  | ReturnType<typeof NscaleGroupUpdated>
  | ReturnType<typeof NscaleGroupMembersAdded>
  | ReturnType<typeof NscaleGroupMembersRemoved>
  | ReturnType<typeof NscaleGroupProjectsBound>
  | ReturnType<typeof NscaleGroupProjectsUnbound>
  | ReturnType<typeof NscaleGroupDeleted>
