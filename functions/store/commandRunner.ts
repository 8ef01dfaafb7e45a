// The generic command runner (DESIGN §4, §5): load → decide (the request's plan) → append → respond with a
// consistency token. Commands on one stream are serialized in process; a lost race against another process
// re-loads, re-plans and retries with jittered exponential backoff for up to 3 s before it becomes a conflict.
//
// Hot path: one DynamoDB request. A plan may run on a folded state this process confirmed moments ago (the fold
// cache) without reading; whatever the plan then decides is confirmed before it counts: a write by its
// attribute_not_exists(version) condition, anything else (a refusal, a no-op, a stream only read) by reading the
// stream's tail first and planning again if it moved. Idempotency records are read only when a duplicate or a
// refusal makes it necessary (the record's own condition in the append detects the duplicate).
import { noMetrics, type MetricsSink } from '../observability/metrics.js'
import { encodeToken, type Position } from '../../domain/core/consistency.js'
import type { Decider } from '../../domain/core/decider.js'
import { alreadyExists, conflict, DomainFailure, isDomainError, type DomainError } from '../../domain/core/errors.js'
import { parseStreamId, type DomainEvent } from '../../domain/core/events.js'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { CommandContext, CommandOutcome, CommandRequest, EventStore, Plan, StreamWrite } from '../../domain/core/ports.js'
import type { Dynamo } from './dynamo.js'
import { isAppendConflict, isAppendResult } from './eventStore.js'
import { createFoldCache, type Folded } from './foldCache.js'
import { idempotencyKey, idempotencyMismatch, idempotencyRecordExtra, readIdempotencyRecord } from './idempotency.js'
import { readStateItem } from './stateStore.js'
import { processStreamLocks, type StreamLocks } from './streamLocks.js'

export interface CommandRunner {
  run<R>(request: CommandRequest<R>): Promise<CommandOutcome<R>>
}

export interface CommandRunnerDeps {
  store: EventStore
  dynamo: Dynamo
  clock: Clock
  ids: IdGenerator
  /** Defaults to the process-wide locks; a test passes its own to emulate another process. */
  locks?: StreamLocks
  /** How long lost races are retried (3000 ms). */
  retryBudgetMs?: number
  /** How many folded stream states the process keeps (10 000). */
  cachedStreams?: number
  /** How long a folded state confirmed by a read or a write of ours is planned on without reading (5000 ms; 0: always read). */
  trustCachedMs?: number
  /** Counts outcomes and latency (silent by default). */
  metrics?: MetricsSink
}

const BACKOFF_BASE_MS = 8
const BACKOFF_CAP_MS = 250

/** What one planning round used: per stream, the version it planned on, whether it was read, and by which deciders. */
interface Loaded {
  version: number
  confirmed: boolean
  deciders: Set<Decider<any, any>>
}

interface Round {
  /** Whether this round may plan on cached states without reading. */
  trust: boolean
  loaded: Map<string, Loaded>
  folded: Map<object, Map<string, Folded<unknown>>>
  /** Two deciders saw the stream at different versions (it moved between two reads): plan again. */
  inconsistent: boolean
}

function newRound(trust: boolean): Round {
  return { trust, loaded: new Map(), folded: new Map(), inconsistent: false }
}

export function createCommandRunner(deps: CommandRunnerDeps): CommandRunner {
  const { store, dynamo, clock, ids } = deps
  const locks = deps.locks ?? processStreamLocks
  const budgetMs = deps.retryBudgetMs ?? 3000
  const trustMs = deps.trustCachedMs ?? 5000
  const folds = createFoldCache(deps.cachedStreams)

  async function execute<R>(request: CommandRequest<R>): Promise<CommandOutcome<R>> {
    const started = performance.now()
    const idempotency = request.idempotency
    const idemKey = idempotency && idempotencyKey(idempotency.organizationId, idempotency.principalId, idempotency.key)
    // Identity matters: the store hands back this very object when the record's condition fails.
    const duplicate: DomainError = conflict('idempotency_key', idempotency?.key ?? '', 'recorded', 'a concurrent duplicate was recorded first')
    const replay = async (now: Date): Promise<CommandOutcome<R> | undefined> => {
      if (!idempotency || !idemKey) return undefined
      const record = await readIdempotencyRecord(dynamo, idemKey, now)
      if (!record) return undefined
      if (record.requestHash !== idempotency.requestHash) return { ok: false, error: idempotencyMismatch(idempotency.key) }
      return { ok: true, replayed: true, resourceId: record.resourceId, status: record.status, token: record.token }
    }

    let trust = trustMs > 0
    for (let round = 0; ; round++) {
      if (round > 0 && performance.now() - started > budgetMs) return { ok: false, error: contended(request.serializeOn) }
      const now = clock.now()
      const attempt = newRound(trust)
      const planned = await plan(request, contextFor(attempt, now))
      trust = false
      const { loaded } = attempt
      if (attempt.inconsistent) continue

      const writes = isDomainError(planned) ? [] : streamWrites(planned, loaded)
      const writing = new Set(writes.filter((w) => w.events.length > 0).map((w) => w.streamId))
      // Streams planned on unread whose version no write of ours will confirm: confirm them by reading.
      const unconfirmed = [...loaded].filter(([streamId, use]) => !use.confirmed && !writing.has(streamId))
      if (unconfirmed.length > 0 && (await moved(unconfirmed))) continue

      if (isDomainError(planned)) return (await replay(now)) ?? { ok: false, error: planned }
      const positions: Position[] = writes.filter((w) => w.events.length > 0).map((w) => [w.streamId, w.expectedVersion + w.events.length])
      const token = encodeToken(positions.length > 0 ? positions : [...loaded].map(([streamId, use]): Position => [streamId, use.version]))
      const extras = [...(planned.extras ?? [])]
      if (idempotency && idemKey) {
        const record = { requestHash: idempotency.requestHash, status: idempotency.status, resourceId: idempotency.resourceIdOf(planned.result), token }
        extras.push(idempotencyRecordExtra(idemKey, record, duplicate))
      }

      const outcome = await store.append(writes, extras, request.meta)
      if (isAppendResult(outcome)) {
        for (const [streamId, use] of loaded) {
          const events = outcome.events?.filter((event) => event.streamId === streamId) ?? []
          if (events.length > 0) for (const decider of use.deciders) folds.advance(decider, streamId, events)
        }
        return { ok: true, replayed: false, result: planned.result, token }
      }
      let delay = 0
      if (outcome === duplicate) {
        const replayed = await replay(now)
        if (replayed) return replayed
      } else {
        if (!isAppendConflict(outcome)) return (await replay(now)) ?? { ok: false, error: outcome }
        const blind = outcome.streamIds.find((id) => !loaded.has(id))
        if (blind) return (await replay(now)) ?? { ok: false, error: existing(blind) }
        // Planned on a cached state that was stale: no one raced us just now, so no backoff.
        const stale = outcome.streamIds.length > 0 && outcome.streamIds.every((id) => loaded.get(id)?.confirmed === false)
        if (!stale) delay = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** round)
      }
      if (performance.now() - started + delay > budgetMs) return { ok: false, error: contended([...writing]) }
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }

  /** Reads the tails of streams planned on unread; true when any moved past the version planned on. */
  async function moved(streams: Array<[string, Loaded]>): Promise<boolean> {
    const reads = streams.flatMap(([streamId, use]) =>
      [...use.deciders].map(async (decider) => (await folds.load(decider, streamId, (after) => store.readStream(streamId, after))).version !== use.version),
    )
    return (await Promise.all(reads)).some(Boolean)
  }

  function contextFor(round: Round, now: Date): CommandContext {
    return {
      async load<S>(decider: Decider<S, any>, streamId: string) {
        let byDecider = round.folded.get(decider)
        if (!byDecider) round.folded.set(decider, (byDecider = new Map()))
        const again = byDecider.get(streamId) as Folded<S> | undefined
        if (again) return again
        const earlier = round.loaded.get(streamId)
        // Plan on the cache only where nothing read this stream in this round (all of a plan sees one version).
        const peeked = (earlier ? !earlier.confirmed : round.trust) ? folds.peek(decider, streamId, trustMs) : undefined
        const folded = peeked ?? (await folds.load(decider, streamId, (after) => store.readStream(streamId, after)))
        byDecider.set(streamId, folded)
        if (!earlier) round.loaded.set(streamId, { version: folded.version, confirmed: !peeked, deciders: new Set([decider]) })
        else {
          earlier.deciders.add(decider)
          if (folded.version !== earlier.version) round.inconsistent = true
          else if (!peeked) earlier.confirmed = true
        }
        return folded
      },
      readState: (key) => readStateItem(dynamo, key, now),
      now,
      ids,
    }
  }

  const metrics = deps.metrics ?? noMetrics
  return {
    async run(request) {
      const started = performance.now()
      const outcome = await locks.withLocks(request.serializeOn, () => execute(request))
      metrics.count(!outcome.ok ? 'CommandsRefused' : outcome.replayed ? 'CommandsReplayed' : 'CommandsSucceeded')
      metrics.milliseconds('CommandLatency', performance.now() - started)
      return outcome
    },
  }
}

async function plan<R>(request: CommandRequest<R>, context: CommandContext): Promise<Plan<R> | DomainError> {
  try {
    return await request.plan(context)
  } catch (error) {
    if (error instanceof DomainFailure) return error.error
    throw error
  }
}

/**
 * One write per stream, its events in plan order. A loaded stream is appended after the version the plan saw; a
 * stream the plan did not load is appended only as a new stream (expected version 0).
 */
function streamWrites<R>(planned: Plan<R>, loaded: ReadonlyMap<string, Loaded>): StreamWrite[] {
  const events = new Map<string, DomainEvent[]>()
  for (const append of planned.appends) events.set(append.streamId, [...(events.get(append.streamId) ?? []), ...append.events])
  return [...events].map(([streamId, list]) => ({ streamId, expectedVersion: loaded.get(streamId)?.version ?? 0, events: list }))
}

/** A stream the plan did not load already exists: a creation with an id that is taken. */
function existing(streamId: string): DomainError {
  const { aggregateType, aggregateId } = parseStreamId(streamId)
  return alreadyExists(aggregateType, aggregateId)
}

function contended(streamIds: readonly string[]): DomainError {
  const { aggregateType, aggregateId } = parseStreamId(streamIds[0] ?? '')
  return conflict(aggregateType || 'resource', aggregateId, 'transient_state', 'the resource is being modified concurrently; retry the request')
}

