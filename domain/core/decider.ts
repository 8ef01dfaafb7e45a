// The decider pattern: pure decide/evolve per aggregate type; the command runner does the I/O.
import type { DomainEvent } from './events.js'

export interface Decider<S, E extends DomainEvent = DomainEvent> {
  aggregateType: string
  initialState: () => S
  evolve: (state: S, event: E) => S
}

export function fold<S, E extends DomainEvent>(decider: Decider<S, E>, events: readonly E[], from = decider.initialState()): S {
  return events.reduce(decider.evolve, from)
}
