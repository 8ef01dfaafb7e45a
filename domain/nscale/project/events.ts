// Events of an nscale project (aggregate `nscale-project`). `groupIds` are the groups that act on the project
// (spec §4.4); every change of them is mirrored on the group streams in the same transaction
// (NscaleGroupProjectsBound / Unbound), where the effective grants read them.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { resourceMetadataSchema } from '../resourceMetadata.js'

const at = z.string()
const by = z.string()
const ids = z.array(idSchema).max(100)

export const NscaleProjectCreated = defineEvent(
  'NscaleProjectCreated',
  z.object({ id: idSchema, organizationId: idSchema, metadata: resourceMetadataSchema, groupIds: ids, at, by }),
)
/** A full replacement of metadata and groups (PUT). */
export const NscaleProjectUpdated = defineEvent('NscaleProjectUpdated', z.object({ metadata: resourceMetadataSchema, groupIds: ids, at, by }))
/** Groups deleted: they no longer act on the project (spec #38). */
export const NscaleProjectGroupsRemoved = defineEvent('NscaleProjectGroupsRemoved', z.object({ groupIds: ids, at, by }))
export const NscaleProjectDeleted = defineEvent('NscaleProjectDeleted', z.object({ at, by }))

export type ProjectEvent =
  | ReturnType<typeof NscaleProjectCreated>
  | ReturnType<typeof NscaleProjectUpdated>
  | ReturnType<typeof NscaleProjectGroupsRemoved>
  | ReturnType<typeof NscaleProjectDeleted>
