// How a Scaleway user is read and rendered: GetUser and the writes fold the user's stream and its principal's
// (`locked` is the principal's), ListUsers reads the list projection; both render through `renderUser`.
import { fold } from '../../../../domain/core/decider.js'
import type { EventStore } from '../../../../domain/core/ports.js'
import { principalDecider, principalStreamId, type PrincipalState } from '../../../../domain/core/principal/index.js'
import { liveUser, userDecider, userDeletable, userLocked, userStream, type User, type UserState } from '../../../../domain/scaleway/index.js'
import type { OperationOutput } from '../operation.js'
import type { SortValue } from '../paging.js'

export type UserBody = OperationOutput<'GetUser'>

export interface LoadedUser {
  state: UserState
  principal: PrincipalState
}

/** The user's and its principal's streams, read consistently (DESIGN §5). */
export async function loadUser(store: EventStore, organizationId: string, userId: string): Promise<LoadedUser> {
  const profile = userStream(organizationId, userId)
  const principal = principalStreamId(organizationId, userId)
  const streams = await store.load([profile, principal])
  return {
    state: fold(userDecider, (streams.get(profile) ?? []) as never[]),
    principal: fold(principalDecider, (streams.get(principal) ?? []) as never[]),
  }
}

/** The wire user of a live profile; undefined when it does not exist or was deleted. */
export function renderLoadedUser({ state, principal }: LoadedUser): UserBody | undefined {
  const user = liveUser(state)
  return user && renderUser(user, userLocked(principal))
}

/** A guest renders as `member` (the only other type SDKs know, spec §5.5 #30); `mfa` and `two_factor_enabled` agree. */
export function renderUser(user: Omit<User, 'links'>, locked: boolean): UserBody {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    phone_number: user.phoneNumber,
    locale: user.locale,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    organization_id: user.organizationId,
    deletable: userDeletable(user as User),
    last_login_at: user.lastLoginAt ?? null,
    type: user.type === 'guest' ? 'member' : user.type,
    two_factor_enabled: user.mfa,
    status: user.status,
    mfa: user.mfa,
    account_root_user_id: user.accountRootUserId,
    tags: user.tags,
    locked,
  }
}

/** ListUsers' `order_by` keys. */
export const USER_SORT_KEYS: Readonly<Record<string, (user: Omit<User, 'links'>) => SortValue>> = {
  created_at: (user) => user.createdAt,
  updated_at: (user) => user.updatedAt,
  email: (user) => user.email,
  last_login: (user) => user.lastLoginAt,
  username: (user) => user.username,
}

/** ListUsers' `type`: `member` covers guests (rendered as members), `guest` (001-era SDKs) only them. */
export function userTypeMatches(user: Pick<User, 'type'>, type: 'unknown_type' | 'owner' | 'member' | 'guest'): boolean {
  if (type === 'unknown_type') return true
  return type === 'member' ? user.type === 'member' || user.type === 'guest' : user.type === type
}
