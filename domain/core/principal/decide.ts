// Pure decisions on the principal record. Lock/unlock of a principal already in that state decide nothing.
import { alreadyExists, notFound, type DomainError } from '../errors.js'
import {
  principalDeleted,
  principalLocked,
  principalRegistered,
  principalUnlocked,
  type PrincipalEvent,
  type PrincipalKind,
} from './events.js'
import type { PrincipalState } from './evolve.js'

export function registerPrincipal(
  state: PrincipalState,
  command: { principalId: string; organizationId: string; kind: PrincipalKind },
): PrincipalEvent[] | DomainError {
  if (state.status !== 'absent') return alreadyExists('principal', command.principalId)
  return [principalRegistered(command)]
}

export function lockPrincipal(state: PrincipalState, reason: 'administrator' | 'login_attempts' = 'administrator'): PrincipalEvent[] | DomainError {
  if (state.status !== 'active') return missing(state)
  return state.locked ? [] : [principalLocked({ principalId: state.principalId, reason })]
}

export function unlockPrincipal(state: PrincipalState): PrincipalEvent[] | DomainError {
  if (state.status !== 'active') return missing(state)
  return state.locked ? [principalUnlocked({ principalId: state.principalId })] : []
}

export function deletePrincipal(state: PrincipalState): PrincipalEvent[] | DomainError {
  if (state.status !== 'active') return missing(state)
  return [principalDeleted({ principalId: state.principalId })]
}

function missing(state: PrincipalState): DomainError {
  return notFound('principal', state.status === 'absent' ? '' : state.principalId)
}
