// Plans of sign-in (issue 9): a session is a core credential of kind `session` (its id is the JWT's `jti`), whose
// renew token is looked up by its SHA-256 like any secret (the hash lives in credential items, never in events).
// Sign-in also records the login on the user and opens its grace periods; too many failures lock the principal.
import { fold } from '../../core/decider.js'
import {
  credentialItemExtras, credentialStreamId, issueCredential, revokeCredential, rotateCredential,
  type CredentialState,
} from '../../core/credential/index.js'
import { isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { SecuritySettings } from '../../core/organization/events.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { lockPrincipal, principalStatusExtras, principalStreamId, type PrincipalState } from '../../core/principal/index.js'
import { combine, writes, type PlannedWrites } from '../plan.js'
import { decideUser } from '../user/decide.js'
import { liveUser, userDecider, userStream, type UserState } from '../user/evolve.js'
import { gracePeriodsToOpen, isRestricted } from './rules.js'

/** Consecutive failed sign-ins of a user (a counter item; deleted by a success or by the lock it leads to). */
export function signInFailuresKey(organizationId: string, userId: string): StateKey {
  return { pk: `${organizationId}#principal#${userId}`, sk: 'sign-in-failures' }
}

export interface SessionAttributes {
  /** Who asked for the session: the user itself at sign-in, the caller of CreateJWT. */
  issuerId: string
  referrer: string
  ip: string
  userAgent: string
}

export interface IssueSession extends SessionAttributes {
  organizationId: string
  sessionId: string
  userId: string
  now: Date
  expiresAt: Date
  /** SHA-256 hex of the renew token. */
  renewTokenHash: string
}

export function planIssueSession(command: IssueSession): PlannedWrites | DomainError {
  const { organizationId, sessionId, userId, now, expiresAt, renewTokenHash, ...attributes } = command
  const absent: CredentialState = { status: 'absent' }
  const events = issueCredential(absent, {
    credentialId: sessionId, organizationId, principalId: userId, principalKind: 'user', kind: 'session',
    description: attributes.referrer.slice(0, 1000), expiresAt, attributes: { ...attributes }, now,
  })
  if (isDomainError(events)) return events
  return writes(credentialStreamId(organizationId, sessionId), events, credentialItemExtras(absent, events, { hash: renewTokenHash }))
}

export interface SignIn {
  organizationId: string
  user: UserState
  settings: SecuritySettings
  session: Omit<IssueSession, 'organizationId' | 'userId' | 'issuerId'>
}

/** A successful sign-in: the session, the login on the user (activating an invited one), its grace periods. */
export function planSignIn(command: SignIn): { writes: PlannedWrites; restricted: boolean } | DomainError {
  const user = liveUser(command.user)
  if (!user) return { kind: 'unauthenticated', method: 'password', reason: 'not_found', message: 'unknown user or wrong password' }
  const { organizationId, session } = command
  const login = decideUser(command.user, { organizationId, id: user.id, type: 'RecordUserLogin', at: session.now.toISOString() })
  if (isDomainError(login)) return login
  const events = [...login, ...gracePeriodsToOpen(user, command.settings, session.now)]
  const after = fold(userDecider, events, command.user).user!
  const issued = planIssueSession({ ...session, organizationId, userId: user.id, issuerId: user.id })
  if (isDomainError(issued)) return issued
  const reset: Extra = { kind: 'delete', key: signInFailuresKey(organizationId, user.id) }
  return { writes: combine(writes(userStream(organizationId, user.id), events, [reset]), issued), restricted: isRestricted(after, session.now) }
}

/** A new renew token for a live session; the old one stops working in the same request. */
export function planRenewSession(state: CredentialState, target: { storedHash: string; newHash: string; now: Date }): PlannedWrites | DomainError {
  if (state.status === 'absent') return notFound('jwt', '')
  const events = rotateCredential(state, { now: target.now })
  if (isDomainError(events)) return events
  const extras = credentialItemExtras(state, events, { hash: target.newHash }, { secretHash: target.storedHash })
  return writes(credentialStreamId(state.organizationId, state.credentialId), events, extras)
}

/** Ends a session (DeleteJWT): its items go in the same request, so it is refused at once. */
export function planEndSession(state: CredentialState, storedHash: string | undefined): PlannedWrites | DomainError {
  if (state.status === 'absent') return notFound('jwt', '')
  const events = revokeCredential(state)
  if (isDomainError(events)) return events
  const extras = credentialItemExtras(state, events, {}, storedHash ? { secretHash: storedHash } : undefined)
  return writes(credentialStreamId(state.organizationId, state.credentialId), events, extras)
}

/** The failed attempt that reaches the organization's limit: the principal is locked, its counter starts again. */
export function planLockout(principal: PrincipalState, target: { organizationId: string; userId: string }): PlannedWrites | DomainError {
  const events = lockPrincipal(principal, 'login_attempts')
  if (isDomainError(events)) return events
  const { organizationId, userId } = target
  return writes(principalStreamId(organizationId, userId), events, [
    ...principalStatusExtras(organizationId, userId, events),
    { kind: 'delete', key: signInFailuresKey(organizationId, userId) },
  ])
}
