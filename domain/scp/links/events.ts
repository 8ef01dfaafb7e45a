// Events of an identity's links (aggregate `scp-links`, id = the user's, group's or role's id): the policies bound
// to it and, for a user, the groups it belongs to. The other side of each link is on the policy's or the group's
// own stream, written in the same request, so either side reads its links by folding its own stream (no
// projection) and deleting an identity can cascade in one request.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'

export const IDENTITY_TYPES = ['USER', 'GROUP', 'ROLE'] as const
export const identityTypeSchema = z.enum(IDENTITY_TYPES)
export type IdentityType = z.infer<typeof identityTypeSchema>

const at = z.iso.datetime()

export const LinksPoliciesAttached = defineEvent(
  'ScpLinksPoliciesAttached',
  z.object({ identityType: identityTypeSchema, policyIds: z.array(idSchema), at }),
)
export const LinksPoliciesDetached = defineEvent('ScpLinksPoliciesDetached', z.object({ policyIds: z.array(idSchema), at }))
export const LinksGroupsJoined = defineEvent('ScpLinksGroupsJoined', z.object({ groupIds: z.array(idSchema), at }))
export const LinksGroupsLeft = defineEvent('ScpLinksGroupsLeft', z.object({ groupIds: z.array(idSchema), at }))

export type LinksEvent =
  | ReturnType<typeof LinksPoliciesAttached>
  | ReturnType<typeof LinksPoliciesDetached>
  | ReturnType<typeof LinksGroupsJoined>
  | ReturnType<typeof LinksGroupsLeft>
