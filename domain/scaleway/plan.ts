// What a Scaleway command plan hands to the generic command runner (domain/core/ports.ts `Plan`), minus the
// result: the events per stream and the items written in the same request.
import { fold, type Decider } from '../core/decider.js'
import { preconditionFailed, type DomainError } from '../core/errors.js'
import type { DomainEvent } from '../core/events.js'
import type { Extra } from '../core/ports.js'

export interface PlannedWrites {
  appends: Array<{ streamId: string; events: DomainEvent[] }>
  extras: Extra[]
}

/** DynamoDB's TransactWriteItems limit: one item per event plus one per extra (DESIGN §4). */
export const MAX_ITEMS_PER_REQUEST = 100

/** Merges partial plans (same stream twice keeps the event order), dropping streams with no events. */
export function combine(...parts: PlannedWrites[]): PlannedWrites {
  const byStream = new Map<string, DomainEvent[]>()
  const extras: Extra[] = []
  for (const part of parts) {
    for (const { streamId, events } of part.appends) {
      if (events.length === 0) continue
      byStream.set(streamId, [...(byStream.get(streamId) ?? []), ...events])
    }
    extras.push(...part.extras)
  }
  return { appends: [...byStream].map(([streamId, events]) => ({ streamId, events })), extras }
}

export function writes(streamId: string, events: DomainEvent[], extras: Extra[] = []): PlannedWrites {
  return { appends: [{ streamId, events }], extras }
}

/**
 * Refuses a plan that cannot be written in one request (a cascade too large to be atomic), with the
 * precondition_failed the surface answers as 412.
 */
export function withinOneRequest(plan: PlannedWrites, reserved = 0): PlannedWrites | DomainError {
  const items = plan.appends.reduce((sum, append) => sum + append.events.length, 0) + plan.extras.length + reserved
  if (items <= MAX_ITEMS_PER_REQUEST) return plan
  return preconditionFailed(
    'request_too_large',
    `this change touches ${items} items; at most ${MAX_ITEMS_PER_REQUEST} can change at once. Split it into smaller changes.`,
  )
}

/** A stream's state after the plan's events: what the surface renders after a write. */
export function stateAfter<S>(decider: Decider<S, any>, before: S, plan: PlannedWrites, streamId: string): S {
  return fold(decider, plan.appends.find((append) => append.streamId === streamId)?.events ?? [], before)
}
