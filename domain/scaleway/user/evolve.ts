// The state of a Scaleway user profile, folded from its events. `locked` is not here: it belongs to the
// principal (domain/core/principal), which authentication reads; a user is rendered from both streams.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { PrincipalState } from '../../core/principal/index.js'
import { addLink, noLinks, removeLink, type Links } from '../links.js'
import type { UserEvent, UserStatus, UserType } from './events.js'

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
  /** No MFA method exists yet (the MFA operations come later). */
  mfa: boolean
  lastLoginAt?: string
  createdAt: string
  updatedAt: string
  links: Links
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
    case 'ScwUserPasswordChanged':
      return { ...state, user: { ...user, updatedAt: event.data.at } }
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
