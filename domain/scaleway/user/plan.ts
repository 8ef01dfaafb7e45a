// Plans of the user commands: the profile's events with the principal's, the reservations that keep usernames
// and e-mails unique in an organization, the quota, and (from the shell) the password's credential item.
import { fold } from '../../core/decider.js'
import { alreadyExists, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import {
  lockPrincipal,
  principalStatusExtras,
  principalStreamId,
  registerPrincipal,
  unlockPrincipal,
  type PrincipalState,
} from '../../core/principal/index.js'
import { combine, writes, type PlannedWrites } from '../plan.js'
import { consumeQuota, type QuotaOverrides } from '../quota/quota.js'
import { decideUser, ownerIsPermanent, type UserCommand } from './decide.js'
import { liveUser, userDecider, userStream, type User, type UserState } from './evolve.js'
import { identityKey } from './rules.js'

type Creation = Extract<UserCommand, { type: 'InviteUser' | 'CreateMember' | 'CreateOwner' }>

export function usernameReservation(organizationId: string, username: string): StateKey {
  return { pk: `${organizationId}#scw-username`, sk: identityKey(username) }
}

export function emailReservation(organizationId: string, email: string): StateKey {
  return { pk: `${organizationId}#scw-user-email`, sk: identityKey(email) }
}

export interface CreateUserOptions {
  quota?: QuotaOverrides
  /** False when the principal already exists (the owner, registered with its organization). */
  registerPrincipal?: boolean
  /** The password's credential item, written by the shell (never in an event). */
  passwordExtras?: Extra[]
}

export function planCreateUser(command: Creation, options: CreateUserOptions = {}): PlannedWrites | DomainError {
  const events = decideUser({ deleted: false }, command)
  if (!Array.isArray(events)) return events
  const user = fold(userDecider, events).user!
  const profile = writes(userStream(user.organizationId, user.id), events, [
    ...identityReservations(user),
    consumeQuota(user.organizationId, 'users', options.quota),
    ...(options.passwordExtras ?? []),
  ])
  if (options.registerPrincipal === false) return profile
  const registered = registerPrincipal({ status: 'absent' }, { principalId: user.id, organizationId: user.organizationId, kind: 'user' })
  if (!Array.isArray(registered)) return registered
  return combine(profile, writes(principalStreamId(user.organizationId, user.id), registered, principalStatusExtras(user.organizationId, user.id, registered)))
}

export function planUpdateUser(state: UserState, command: Extract<UserCommand, { type: 'UpdateUser' }>): PlannedWrites | DomainError {
  const events = decideUser(state, command)
  if (!Array.isArray(events)) return events
  const before = state.user!
  const after = fold(userDecider, events, state).user!
  const extras = before.email === after.email ? [] : swap(before.id, emailKey(before), emailKey(after), emailTaken(after))
  return writes(userStream(command.organizationId, command.id), events, extras)
}

export function planUpdateUserUsername(
  state: UserState,
  command: Extract<UserCommand, { type: 'UpdateUserUsername' }>,
): PlannedWrites | DomainError {
  const events = decideUser(state, command)
  if (!Array.isArray(events)) return events
  const user = state.user!
  const next = usernameReservation(user.organizationId, command.username)
  const previous = usernameReservation(user.organizationId, user.username)
  // A change of case only keeps the same reservation.
  const extras = previous.sk === next.sk ? [] : swap(user.id, previous, next, alreadyExists('user', command.username, 'this username is already taken'))
  return writes(userStream(command.organizationId, command.id), events, extras)
}

export function planUpdateUserPassword(
  state: UserState,
  command: Extract<UserCommand, { type: 'UpdateUserPassword' }>,
  passwordExtras: Extra[],
): PlannedWrites | DomainError {
  const events = decideUser(state, command)
  if (!Array.isArray(events)) return events
  return writes(userStream(command.organizationId, command.id), events, passwordExtras)
}

/** Locking is the principal's (authentication reads its status item); the owner cannot be locked out. */
export function planLockUser(state: UserState, principal: PrincipalState, target: { organizationId: string; id: string }): PlannedWrites | DomainError {
  const user = liveUserOf(state, target.id)
  if (isDomainError(user)) return user
  if (user.type === 'owner') return ownerIsPermanent()
  return principalWrites(target, lockPrincipal(principal))
}

export function planUnlockUser(state: UserState, principal: PrincipalState, target: { organizationId: string; id: string }): PlannedWrites | DomainError {
  const user = liveUserOf(state, target.id)
  if (isDomainError(user)) return user
  return principalWrites(target, unlockPrincipal(principal))
}

export function planRecordUserLogin(state: UserState, command: Extract<UserCommand, { type: 'RecordUserLogin' }>): PlannedWrites | DomainError {
  const events = decideUser(state, command)
  if (!Array.isArray(events)) return events
  return writes(userStream(command.organizationId, command.id), events)
}

/** The reservations a user holds (released when it is deleted). */
export function identityReservations(user: User): Extra[] {
  const username: Extra = {
    kind: 'reserve',
    key: usernameReservation(user.organizationId, user.username),
    owner: user.id,
    onTaken: alreadyExists('user', user.username, 'this username is already taken'),
  }
  const email = emailKey(user)
  return email ? [username, { kind: 'reserve', key: email, owner: user.id, onTaken: emailTaken(user) }] : [username]
}

export function identityReleases(user: User): Extra[] {
  const email = emailKey(user)
  return [
    { kind: 'release', key: usernameReservation(user.organizationId, user.username), owner: user.id },
    ...(email ? [{ kind: 'release', key: email, owner: user.id } as Extra] : []),
  ]
}

function emailKey(user: User): StateKey | undefined {
  return user.email === '' ? undefined : emailReservation(user.organizationId, user.email)
}

function emailTaken(user: User): DomainError {
  return alreadyExists('user', user.email, 'a user with this e-mail address already exists')
}

function swap(owner: string, previous: StateKey | undefined, next: StateKey | undefined, onTaken: DomainError): Extra[] {
  if (previous && next && previous.pk === next.pk && previous.sk === next.sk) return []
  return [
    ...(previous ? [{ kind: 'release', key: previous, owner } as Extra] : []),
    ...(next ? [{ kind: 'reserve', key: next, owner, onTaken } as Extra] : []),
  ]
}

function liveUserOf(state: UserState, id: string): User | DomainError {
  return liveUser(state) ?? notFound('user', id)
}

function principalWrites(target: { organizationId: string; id: string }, events: ReturnType<typeof lockPrincipal>): PlannedWrites | DomainError {
  if (!Array.isArray(events)) return events
  return writes(principalStreamId(target.organizationId, target.id), events, principalStatusExtras(target.organizationId, target.id, events))
}
