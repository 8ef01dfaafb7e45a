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

/** `aggregateTypes: ['*']` consumes every stream (the audit log). */
export const ALL_AGGREGATE_TYPES = '*'

export function consumes(projection: { aggregateTypes: readonly string[] }, aggregateType: string): boolean {
  return projection.aggregateTypes.includes(ALL_AGGREGATE_TYPES) || projection.aggregateTypes.includes(aggregateType)
}

/**
 * A projection that fans out (one event → O(N) items) or keeps auxiliary items of its own. The runtime calls
 * `apply` for each event of a stream in version order, exactly like a pure projection, and writes the stream's
 * watermark only after `apply` resolves; an event may therefore be applied again after a crash, so every write
 * `apply` makes must be idempotent (versioned entries, `modify` with a pure change, `ifAbsent` puts).
 */
export interface CustomProjection {
  kind: 'custom'
  name: string
  aggregateTypes: readonly string[]
  apply(event: StoredEvent, io: ProjectionIO): Promise<void>
}

export type Projection = PureProjection | CustomProjection

/**
 * A map entry written by `setEntry`: kept only while no newer `version` has been written. A null `value` is a
 * tombstone, so that an older event redelivered later cannot bring the entry back.
 */
export interface VersionedEntry<V = Model> {
  version: number
  value: V | null
}

export type ModelChange =
  /** Writes the whole item; with `ifAbsent`, only when it does not exist yet. */
  | { kind: 'put'; key: ModelKey; model: Model; ifAbsent?: boolean }
  | { kind: 'delete'; key: ModelKey }
  /** Sets `model[map][entry]` to `{version, value}` unless the stored entry has a version ≥ `version`. */
  | { kind: 'setEntry'; key: ModelKey; map: string; entry: string; value: Model | null; version: number }

/** `skipped`: the change's condition did not hold (the item exists, or a newer entry is stored). */
export type ChangeOutcome = 'applied' | 'skipped'

/** A custom projection's own items, read consistently. Storage-neutral: the runtime maps it onto its table. */
export interface ProjectionIO {
  get(key: ModelKey): Promise<Model | undefined>
  /** Keyed by `modelKeyId`. */
  getMany(keys: readonly ModelKey[]): Promise<Map<string, Model | undefined>>
  /** Every item of a partition in sort order, optionally only sort keys starting with `sortPrefix`. */
  query(scope: string, partition: string, options?: { sortPrefix?: string }): Promise<Array<{ key: ModelKey; model: Model }>>
  /**
   * Applies the changes, batched and concurrently; one outcome per change, in order. An item may be put or deleted
   * once per call, and not in the same call as `setEntry` on it (several entries of one item are fine).
   */
  write(changes: readonly ModelChange[]): Promise<ChangeOutcome[]>
  /**
   * Read-modify-write of each key with optimistic concurrency: `change` (pure; it may run more than once) returns
   * the new model, null to delete, or undefined to leave the item as it is.
   */
  modify(keys: readonly ModelKey[], change: (current: Model | undefined, key: ModelKey) => Model | null | undefined): Promise<void>
}
