// Ports between the pure core and its adapters (functions/). Plain objects, passed in; no container.
import type { DomainError } from './errors.js'
import type { DomainEvent, EventMeta, StoredEvent } from './events.js'
import type { Decider } from './decider.js'
import type { Clock, IdGenerator } from './ids.js'

/** A key in the `state` table (credential, status, reservation, counter and idempotency items). */
export interface StateKey {
  pk: string
  sk: string
}

/**
 * Items written in the same request as the events (DESIGN §4). Each names the domain error that a failed
 * condition means, so that the runner can answer it without guessing.
 */
export type Extra =
  /** A uniqueness reservation: fails when the key is held by another owner. */
  | { kind: 'reserve'; key: StateKey; owner: string; onTaken: DomainError }
  /** Frees a reservation held by `owner` (no-op condition when already gone). */
  | { kind: 'release'; key: StateKey; owner: string }
  /** Adds `delta` to a counter; with `limit`, fails when the result would pass it. */
  | { kind: 'counter'; key: StateKey; delta: number; limit?: number; onLimit?: DomainError }
  /** Writes an item (credential, principal status …); `ifNotExists` guards creation. */
  | { kind: 'put'; key: StateKey; attributes: Record<string, unknown>; ifNotExists?: boolean; onConditionFailed?: DomainError; ttlSeconds?: number }
  /** Deletes an item. */
  | { kind: 'delete'; key: StateKey }
  /** Sets attributes on an existing item; with `ifExists`, fails when it is gone. */
  | { kind: 'set'; key: StateKey; attributes: Record<string, unknown>; ifExists?: boolean; onConditionFailed?: DomainError }

export interface StreamWrite {
  streamId: string
  /** 0 for a new stream. */
  expectedVersion: number
  events: DomainEvent[]
}

export interface AppendResult {
  /** (streamId, last version written) per stream, for the consistency token. */
  positions: Array<[string, number]>
  /** The events exactly as written (envelope included), so a caller may fold them without reading them back. */
  events?: StoredEvent[]
}

export type AppendOutcome = AppendResult | { conflict: true; streamIds: string[] } | DomainError

export interface EventStore {
  /** One DynamoDB write request: conditional PutItem for one item, else one TransactWriteItems (≤ 100 items). */
  append(writes: StreamWrite[], extras: Extra[], meta: Omit<EventMeta, 'eventId' | 'occurredAt'>): Promise<AppendOutcome>
  /** Consistent reads of whole streams, upcast, in version order. */
  load(streamIds: string[]): Promise<Map<string, StoredEvent[]>>
  /** Versions in (after, upTo], consistent. */
  readStream(streamId: string, after?: number, upTo?: number): Promise<StoredEvent[]>
}

/** What a command plan can do while it decides. */
export interface CommandContext {
  load<S>(decider: Decider<S, any>, streamId: string): Promise<{ state: S; version: number }>
  /** Reads a state-table item (credentials, reservations, counters) consistently. */
  readState(key: StateKey): Promise<Record<string, unknown> | undefined>
  now: Date
  ids: IdGenerator
}

export interface Plan<R> {
  appends: Array<{ streamId: string; events: DomainEvent[] }>
  extras?: Extra[]
  result: R
}

export interface RequestMeta extends Omit<EventMeta, 'eventId' | 'occurredAt'> {}

export interface CommandRequest<R> {
  /** Streams serialized in process while the command runs (usually the aggregate's own). */
  serializeOn: string[]
  meta: RequestMeta
  /** Optional Idempotency-Key handling (DESIGN §4). */
  idempotency?: { organizationId: string; principalId: string; key: string; requestHash: string; resourceIdOf: (result: R) => string; status: number }
  plan(ctx: CommandContext): Promise<Plan<R> | DomainError>
}

export type CommandOutcome<R> =
  | { ok: true; replayed: false; result: R; token: string }
  | { ok: true; replayed: true; resourceId: string; status: number; token: string }
  | { ok: false; error: DomainError }

export interface Ports {
  clock: Clock
  ids: IdGenerator
}
