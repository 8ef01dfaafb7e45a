// Events of a Scaleway application (aggregate `scw-application`, same id as its principal).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { linkSchema } from '../links.js'

const at = z.iso.datetime()

export const ApplicationCreated = defineEvent(
  'ScwApplicationCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    /** Created by the platform: neither editable nor deletable by the organization. */
    managed: z.boolean(),
    at,
  }),
)
/** Carries only the fields that changed. */
export const ApplicationUpdated = defineEvent(
  'ScwApplicationUpdated',
  z.object({ name: z.string().optional(), description: z.string().optional(), tags: z.array(z.string()).optional(), at }),
)
export const ApplicationDeleted = defineEvent('ScwApplicationDeleted', z.object({ at }))
/** A group, policy or API key now points at the application (links.ts). */
export const ApplicationLinked = defineEvent('ScwApplicationLinked', linkSchema)
export const ApplicationUnlinked = defineEvent('ScwApplicationUnlinked', linkSchema)

export type ApplicationEvent =
  | ReturnType<typeof ApplicationCreated>
  | ReturnType<typeof ApplicationUpdated>
  | ReturnType<typeof ApplicationDeleted>
  | ReturnType<typeof ApplicationLinked>
  | ReturnType<typeof ApplicationUnlinked>
