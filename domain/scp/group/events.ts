// Events of an SCP group (aggregate `scp-group`). `at` is when the change took effect and `by` the actor's id,
// so responses and later reads render the same created_*/modified_* fields.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'

const at = z.iso.datetime()
const by = z.string()
export const tagSchema = z.object({ key: z.string(), value: z.string() })

export const GroupCreated = defineEvent(
  'ScpGroupCreated',
  z.object({ id: idSchema, organizationId: idSchema, name: z.string(), description: z.string().nullable(), tags: z.array(tagSchema), at, by }),
)
/** GroupSetRequest replaces both fields. */
export const GroupUpdated = defineEvent('ScpGroupUpdated', z.object({ name: z.string(), description: z.string().nullable(), at, by }))
/** Users that were not members, in the order given. */
export const GroupMembersAdded = defineEvent('ScpGroupMembersAdded', z.object({ userIds: z.array(idSchema), at, by }))
/** Users that were members. */
export const GroupMembersRemoved = defineEvent('ScpGroupMembersRemoved', z.object({ userIds: z.array(idSchema), at, by }))
export const GroupDeleted = defineEvent('ScpGroupDeleted', z.object({ at, by }))

export type GroupEvent =
  | ReturnType<typeof GroupCreated>
  | ReturnType<typeof GroupUpdated>
  | ReturnType<typeof GroupMembersAdded>
  | ReturnType<typeof GroupMembersRemoved>
  | ReturnType<typeof GroupDeleted>
