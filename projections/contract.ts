// One projection contract for both runtimes (the local stream poller and the Lambda stream handler).
import type { StoredEvent } from '../domain/core/events.js'

/**
 * A model item's address. `scope` is the organization id (every key starts with it, DESIGN §3) or, for the
 * closed list of global index items, a global scope name beginning with `~`.
 */
export interface ModelKey {
  scope: string
  partition: string
  sort: string
}

export type Model = Record<string, unknown>

/** A read model as a pure fold: which items an event touches, and what they become (null deletes). */
export interface PureProjection<M extends Model = Model> {
  kind: 'pure'
  name: string
  /** Aggregate types whose streams this projection consumes; its watermarks cover exactly these streams. */
  aggregateTypes: readonly string[]
  keys(event: StoredEvent): ModelKey[]
  evolve(current: ReadonlyMap<string, M | undefined>, event: StoredEvent): Map<string, M | null>
}

export function modelKeyId(key: ModelKey): string {
  return `${key.scope}|${key.partition}|${key.sort}`
}
