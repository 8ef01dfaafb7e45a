// Decisions on nscale users (memberships, spec §3.2 #25–28): create (a principal of kind `user`, its status item and
// the subject's index item, one membership per (organization, subject): 409), change state (a membership that is not
// active holds no grants: its principal is locked), delete (principal deleted, index item removed). Group
// membership is reconciled by the caller with planMemberGroups (group/decide.ts) in the same transaction.
import { fold } from '../../core/decider.js'
import { alreadyExists, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { PrincipalEvent } from '../../core/principal/events.js'
import { deletePrincipal, lockPrincipal, registerPrincipal, unlockPrincipal } from '../../core/principal/decide.js'
import { principalDecider, principalStreamId, type PrincipalState } from '../../core/principal/evolve.js'
import { principalStatusExtras } from '../../core/principal/items.js'
import type { Writes } from '../group/decide.js'
import { NscaleUserCreated, NscaleUserDeleted, NscaleUserStateChanged, type UserState } from './events.js'
import { liveUser, userStreamId, type UserAggregate } from './evolve.js'
import { membershipIndexDelete, membershipIndexPut } from './items.js'

export function planCreateUser(
  state: UserAggregate,
  command: { id: string; organizationId: string; subject: string; state: UserState; now: Date; by: string },
): Writes | DomainError {
  if (state.user) return alreadyExists('user', command.id)
  const { id, organizationId } = command
  const subject = command.subject.trim().toLowerCase()
  const registered = registerPrincipal({ status: 'absent' }, { principalId: id, organizationId, kind: 'user' })
  if (isDomainError(registered)) return registered
  const gate = gatePrincipal(fold(principalDecider, registered), command.state)
  if (isDomainError(gate)) return gate
  const principalEvents = [...registered, ...gate]
  const created = NscaleUserCreated({ id, organizationId, subject, state: command.state, at: command.now.toISOString(), by: command.by })
  return {
    appends: [
      { streamId: userStreamId(organizationId, id), events: [created] },
      { streamId: principalStreamId(organizationId, id), events: principalEvents },
    ],
    extras: [membershipIndexPut(subject, organizationId, id), ...principalStatusExtras(organizationId, id, principalEvents)],
  }
}

/** PUT: the state changes; the subject is ignored on update (spec #27). */
export function planUpdateUser(
  state: UserAggregate,
  principal: PrincipalState,
  command: { id: string; state: UserState; now: Date; by: string },
): Writes | DomainError {
  const user = liveUser(state)
  if (!user) return notFound('user', command.id)
  if (user.state === command.state) return { appends: [], extras: [] }
  const gate = gatePrincipal(principal, command.state)
  if (isDomainError(gate)) return gate
  const changed = NscaleUserStateChanged({ state: command.state, at: command.now.toISOString(), by: command.by })
  return {
    appends: [
      { streamId: userStreamId(user.organizationId, user.id), events: [changed] },
      ...(gate.length > 0 ? [{ streamId: principalStreamId(user.organizationId, user.id), events: gate }] : []),
    ],
    extras: principalStatusExtras(user.organizationId, user.id, gate),
  }
}

export function planDeleteUser(state: UserAggregate, principal: PrincipalState, command: { id: string; now: Date; by: string }): Writes | DomainError {
  const user = liveUser(state)
  if (!user) return notFound('user', command.id)
  const principalEvents = principal.status === 'active' ? deletePrincipal(principal) : []
  if (isDomainError(principalEvents)) return principalEvents
  return {
    appends: [
      { streamId: userStreamId(user.organizationId, user.id), events: [NscaleUserDeleted({ at: command.now.toISOString(), by: command.by })] },
      { streamId: principalStreamId(user.organizationId, user.id), events: principalEvents },
    ],
    extras: [membershipIndexDelete(user.subject, user.organizationId), ...principalStatusExtras(user.organizationId, user.id, principalEvents)],
  }
}

/** Only an active membership acts (upstream's ACL needs `active`): any other state locks its principal. */
function gatePrincipal(principal: PrincipalState, state: UserState): PrincipalEvent[] | DomainError {
  return state === 'active' ? unlockPrincipal(principal) : lockPrincipal(principal, 'administrator')
}
