// Helpers for the Scaleway deciders' tests.
import { isDomainError, type DomainError } from '../core/errors.js'
import type { DomainEvent } from '../core/events.js'
import type { PlannedWrites } from './plan.js'

/** The value, or a thrown error naming the domain error the test did not expect. */
export function ok<T>(value: T | DomainError): T {
  if (isDomainError(value)) throw new Error(`unexpected ${JSON.stringify(value)}`)
  return value
}

/** The events a plan appends to one stream. */
export function eventsOf(plan: PlannedWrites, streamId: string): DomainEvent[] {
  return plan.appends.find((append) => append.streamId === streamId)?.events ?? []
}

export function typesOf(events: readonly DomainEvent[]): string[] {
  return events.map((event) => event.type)
}
