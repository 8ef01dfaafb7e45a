// Events of an nscale user: a membership of a person (by subject, an e-mail address) in one organization
// (aggregate `nscale-user`, spec §4.6). Its id is its principal's id. The membership's groups live on the group
// streams (spec §9 #23); its state gates its grants through the principal's status (locked unless active).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'

export const USER_STATES = ['active', 'pending', 'suspended'] as const
export type UserState = (typeof USER_STATES)[number]

const at = z.string()
const by = z.string()

export const NscaleUserCreated = defineEvent(
  'NscaleUserCreated',
  z.object({ id: idSchema, organizationId: idSchema, subject: z.string().min(3).max(254), state: z.enum(USER_STATES), at, by }),
)
export const NscaleUserStateChanged = defineEvent('NscaleUserStateChanged', z.object({ state: z.enum(USER_STATES), at, by }))
export const NscaleUserDeleted = defineEvent('NscaleUserDeleted', z.object({ at, by }))

export type UserEvent = ReturnType<typeof NscaleUserCreated> | ReturnType<typeof NscaleUserStateChanged> | ReturnType<typeof NscaleUserDeleted>
