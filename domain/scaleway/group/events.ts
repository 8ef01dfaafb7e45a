// Events of a Scaleway group (aggregate `scw-group`).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { linkSchema } from '../links.js'

const at = z.iso.datetime()
const members = { userIds: z.array(idSchema), applicationIds: z.array(idSchema) }

export const GroupCreated = defineEvent(
  'ScwGroupCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    managed: z.boolean(),
    at,
  }),
)
/** Carries only the fields that changed. */
export const GroupUpdated = defineEvent(
  'ScwGroupUpdated',
  z.object({ name: z.string().optional(), description: z.string().optional(), tags: z.array(z.string()).optional(), at }),
)
/** Members that were not in the group, in the order given. */
export const GroupMembersAdded = defineEvent('ScwGroupMembersAdded', z.object({ ...members, at }))
/** Members that were in the group. */
export const GroupMembersRemoved = defineEvent('ScwGroupMembersRemoved', z.object({ ...members, at }))
export const GroupDeleted = defineEvent('ScwGroupDeleted', z.object({ at }))
/** A policy now names the group as its principal (links.ts). */
export const GroupLinked = defineEvent('ScwGroupLinked', linkSchema)
export const GroupUnlinked = defineEvent('ScwGroupUnlinked', linkSchema)

export type GroupEvent =
  | ReturnType<typeof GroupCreated>
  | ReturnType<typeof GroupUpdated>
  | ReturnType<typeof GroupMembersAdded>
  | ReturnType<typeof GroupMembersRemoved>
  | ReturnType<typeof GroupDeleted>
  | ReturnType<typeof GroupLinked>
  | ReturnType<typeof GroupUnlinked>
