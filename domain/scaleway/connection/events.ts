// Events of a user's connections to its accounts in other organizations (aggregate `scw-user-connections`, one
// stream per user, spec §1.16). The connection token is a secret: it never appears here, not even hashed; the
// events name it by an id.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'

const at = z.string()

/** A connection token was issued for the user; it supersedes any earlier one. */
export const UserConnectionInitiated = defineEvent(
  'ScwUserConnectionInitiated',
  z.object({ organizationId: z.string(), userId: z.string(), tokenId: z.string(), expiresAt: z.string(), at }),
)
/** The user is connected to `peerUserId` of `peerOrganizationId`; appended to both users' streams. */
export const UserConnected = defineEvent(
  'ScwUserConnected',
  z.object({
    organizationId: z.string(),
    userId: z.string(),
    peerOrganizationId: z.string(),
    peerUserId: z.string(),
    /** On the initiating side: the token the connection used up. */
    tokenId: z.string().optional(),
    at,
  }),
)
export const UserDisconnected = defineEvent(
  'ScwUserDisconnected',
  z.object({ organizationId: z.string(), userId: z.string(), peerOrganizationId: z.string(), peerUserId: z.string(), at }),
)

export type ConnectionEvent = ReturnType<typeof UserConnectionInitiated> | ReturnType<typeof UserConnected> | ReturnType<typeof UserDisconnected>
