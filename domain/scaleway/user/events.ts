// Events of a Scaleway user profile (aggregate `scw-user`, same id as its principal). Never a password, nor its
// hash: the password is a credential item written in the same request as UserPasswordChanged.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { linkSchema } from '../links.js'

const at = z.iso.datetime()

/** `guest`: invited by e-mail, its account lives elsewhere (001's UserType; rendered `member` on the wire). */
export const USER_TYPES = ['owner', 'member', 'guest'] as const
export type UserType = (typeof USER_TYPES)[number]
export const USER_STATUSES = ['invitation_pending', 'activated'] as const
export type UserStatus = (typeof USER_STATUSES)[number]

const profile = {
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phoneNumber: z.string(),
  locale: z.string(),
  tags: z.array(z.string()),
}

export const UserCreated = defineEvent(
  'ScwUserCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    ...profile,
    username: z.string(),
    type: z.enum(USER_TYPES),
    status: z.enum(USER_STATUSES),
    /** The owner's own id for the owner; empty for members and guests (as Scaleway answers). */
    accountRootUserId: z.string(),
    at,
  }),
)
/** Carries only the fields that changed. */
export const UserUpdated = defineEvent('ScwUserUpdated', z.object({ ...z.object(profile).partial().shape, at }))
export const UserUsernameChanged = defineEvent('ScwUserUsernameChanged', z.object({ username: z.string(), at }))
/** The new password's hash is a credential item; the event only says that it changed. */
export const UserPasswordChanged = defineEvent('ScwUserPasswordChanged', z.object({ at }))
export const UserActivated = defineEvent('ScwUserActivated', z.object({ at }))
export const UserLoggedIn = defineEvent('ScwUserLoggedIn', z.object({ at }))
export const UserDeleted = defineEvent('ScwUserDeleted', z.object({ at }))
/** An OTP seed was created for the user, pending validation (the seed is a sealed state item, never in an event). */
export const UserMfaOtpCreated = defineEvent('ScwUserMfaOtpCreated', z.object({ at }))
/** A code from the pending seed was validated: MFA is on. */
export const UserMfaEnabled = defineEvent('ScwUserMfaEnabled', z.object({ at }))
export const UserMfaDisabled = defineEvent('ScwUserMfaDisabled', z.object({ at }))
export const GRACE_PERIOD_TYPES = ['update_password', 'set_mfa'] as const
export type GracePeriodType = (typeof GRACE_PERIOD_TYPES)[number]
/** The user must renew its password (or set up MFA) before `expiresAt` (issue 9; closed by the change itself). */
export const UserGracePeriodStarted = defineEvent(
  'ScwUserGracePeriodStarted',
  z.object({ type: z.enum(GRACE_PERIOD_TYPES), at, expiresAt: at }),
)
/** A group, policy or API key now points at the user (links.ts). */
export const UserLinked = defineEvent('ScwUserLinked', linkSchema)
export const UserUnlinked = defineEvent('ScwUserUnlinked', linkSchema)

export type UserEvent =
  | ReturnType<typeof UserCreated>
  | ReturnType<typeof UserUpdated>
  | ReturnType<typeof UserUsernameChanged>
  | ReturnType<typeof UserPasswordChanged>
  | ReturnType<typeof UserActivated>
  | ReturnType<typeof UserLoggedIn>
  | ReturnType<typeof UserDeleted>
  | ReturnType<typeof UserLinked>
  | ReturnType<typeof UserUnlinked>
  | ReturnType<typeof UserMfaOtpCreated>
  | ReturnType<typeof UserMfaEnabled>
  | ReturnType<typeof UserMfaDisabled>
  | ReturnType<typeof UserGracePeriodStarted>
