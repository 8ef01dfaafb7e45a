// The state of a Scaleway user profile, folded from its events. `locked` is not here: it belongs to the
// principal (domain/core/principal), which authentication reads; a user is rendered from both streams.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { PrincipalState } from '../../core/principal/index.js'
import { addLink, noLinks, removeLink, type Links } from '../links.js'
import type { GracePeriodType, UserEvent, UserStatus, UserType } from './events.js'

export const USER = 'scw-user'

export interface User {
  id: string
  organizationId: string
  email: string
  username: string
  firstName: string
  lastName: string
  phoneNumber: string
  locale: string
  tags: string[]
  type: UserType
  status: UserStatus
  accountRootUserId: string
  /** An OTP seed was validated (ValidateUserMFAOTP) and not deleted since. */
  mfa: boolean
  lastLoginAt?: string
  /** When the user last changed its own password (grace periods: a renewal by the user itself). */
  passwordRenewedAt?: string
  /** Open grace periods, one per type, until the user renews its password or enables MFA. */
  gracePeriods?: GracePeriod[]
  createdAt: string
  updatedAt: string
  links: Links
}

export interface GracePeriod {
  type: GracePeriodType
  createdAt: string
  expiresAt: string
}

export interface UserState {
  user?: User
  deleted: boolean
}

export function userStream(organizationId: string, id: string): string {
  return streamId(organizationId, USER, id)
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'ScwUserCreated') {
    const { at, ...fields } = event.data
    return { user: { ...fields, mfa: false, createdAt: at, updatedAt: at, links: noLinks() }, deleted: false }
  }
  const user = state.user
  if (!user) return state
  switch (event.type) {
    case 'ScwUserUpdated': {
      const { at, ...changes } = event.data
      return { ...state, user: { ...user, ...changes, updatedAt: at } }
    }
    case 'ScwUserUsernameChanged':
      return { ...state, user: { ...user, username: event.data.username, updatedAt: event.data.at } }
    case 'ScwUserPasswordChanged': {
      const updated = { ...user, updatedAt: event.data.at }
      // Only the user's own change renews it (an administrator's reset must still be renewed).
      if (actorOf(event) !== user.id) return { ...state, user: updated }
      return { ...state, user: withoutGracePeriod({ ...updated, passwordRenewedAt: event.data.at }, 'update_password') }
    }
    case 'ScwUserMfaOtpCreated':
      return state
    case 'ScwUserMfaEnabled':
      return { ...state, user: withoutGracePeriod({ ...user, mfa: true, updatedAt: event.data.at }, 'set_mfa') }
    case 'ScwUserMfaDisabled':
      return { ...state, user: { ...user, mfa: false, updatedAt: event.data.at } }
    case 'ScwUserGracePeriodStarted': {
      const { type, at, expiresAt } = event.data
      const others = (user.gracePeriods ?? []).filter((period) => period.type !== type)
      return { ...state, user: { ...user, gracePeriods: [...others, { type, createdAt: at, expiresAt }] } }
    }
    case 'ScwUserActivated':
      return { ...state, user: { ...user, status: 'activated', updatedAt: event.data.at } }
    case 'ScwUserLoggedIn':
      return { ...state, user: { ...user, lastLoginAt: event.data.at } }
    case 'ScwUserDeleted':
      return { ...state, deleted: true }
    case 'ScwUserLinked':
      return { ...state, user: { ...user, links: addLink(user.links, event.data) } }
    case 'ScwUserUnlinked':
      return { ...state, user: { ...user, links: removeLink(user.links, event.data) } }
  }
}

function withoutGracePeriod(user: User, type: GracePeriodType): User {
  if (!user.gracePeriods?.some((period) => period.type === type)) return user
  const rest = user.gracePeriods.filter((period) => period.type !== type)
  const { gracePeriods: _closed, ...others } = user
  return rest.length > 0 ? { ...others, gracePeriods: rest } : others
}

/** The id of the principal that caused a stored event (absent on events not yet written). */
function actorOf(event: UserEvent): string | undefined {
  return (event as { meta?: { actor?: { id?: string } } }).meta?.actor?.id
}

export const userDecider: Decider<UserState, UserEvent> = {
  aggregateType: USER,
  initialState: () => ({ deleted: false }),
  evolve: evolveUser,
}

export function liveUser(state: UserState): User | undefined {
  return state.deleted ? undefined : state.user
}

/** Owners cannot be deleted (User.deletable). */
export function userDeletable(user: User): boolean {
  return user.type !== 'owner'
}

/** A user's `locked`, read from its principal. */
export function userLocked(principal: PrincipalState): boolean {
  return principal.status !== 'absent' && principal.locked
}
