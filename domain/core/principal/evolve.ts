import type { Decider } from '../decider.js'
import { streamId } from '../events.js'
import type { PrincipalEvent, PrincipalKind } from './events.js'

export type PrincipalState =
  | { status: 'absent' }
  | { status: 'active' | 'deleted'; principalId: string; organizationId: string; kind: PrincipalKind; locked: boolean }

export const PRINCIPAL_AGGREGATE = 'principal'

export function principalStreamId(organizationId: string, principalId: string): string {
  return streamId(organizationId, PRINCIPAL_AGGREGATE, principalId)
}

export function evolvePrincipal(state: PrincipalState, event: PrincipalEvent): PrincipalState {
  switch (event.type) {
    case 'PrincipalRegistered':
      return { status: 'active', ...event.data, locked: false }
    case 'PrincipalLocked':
      return state.status === 'absent' ? state : { ...state, locked: true }
    case 'PrincipalUnlocked':
      return state.status === 'absent' ? state : { ...state, locked: false }
    case 'PrincipalDeleted':
      return state.status === 'absent' ? state : { ...state, status: 'deleted' }
  }
}

export const principalDecider: Decider<PrincipalState, PrincipalEvent> = {
  aggregateType: PRINCIPAL_AGGREGATE,
  initialState: () => ({ status: 'absent' }),
  evolve: evolvePrincipal,
}
