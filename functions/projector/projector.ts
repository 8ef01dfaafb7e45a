// The projector: one runtime for the local poller, the Lambda stream handler and rebuild/repair.
// It applies events to every projection that consumes their stream, under the version rule of DESIGN §5,
// and lets readers wait until a consistency token is covered.
import { decodeToken } from '../../domain/core/consistency.js'
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import { consumes, modelKeyId, type Projection, type PureProjection } from '../../projections/contract.js'
import type { Dynamo } from '../store/dynamo.js'
import { applyCustom } from './custom.js'
import { mapLimit, sleep } from './dynamoBatch.js'
import { createVersionPointer, type VersionPointer } from './pointer.js'
import { applyPure } from './pure.js'
import { readWatermarks } from './watermarks.js'

export interface ProjectorOptions {
  dynamo: Dynamo
  projections: readonly Projection[]
  pointer?: VersionPointer
  /** Streams applied at once within a batch (their items are guarded by conditions, so order across streams is free). */
  concurrency?: number
}

export interface Projector {
  readonly dynamo: Dynamo
  readonly projections: readonly Projection[]
  readonly pointer: VersionPointer
  /** Applies events in any order, with duplicates and holes, to the current version of every projection consuming them. */
  handle(events: readonly StoredEvent[]): Promise<void>
  /** Applies one stream's events to one version of one projection (rebuild and repair write a version not yet current). */
  applyStream(projection: Projection, version: number, streamId: string, events: readonly StoredEvent[]): Promise<void>
  /**
   * Resolves true once the projection's watermarks cover the token's positions on streams it consumes, false after
   * `timeoutMs` (default `IAM_CONSISTENCY_WAIT_MS`, 2000). A missing or malformed token does not wait.
   */
  waitFor(projection: string, token: string | undefined, timeoutMs?: number): Promise<boolean>
  projection(name: string): Projection
}

export function consistencyWaitMs(): number {
  const value = Number(process.env.IAM_CONSISTENCY_WAIT_MS)
  return Number.isFinite(value) && value >= 0 && process.env.IAM_CONSISTENCY_WAIT_MS !== '' ? value : 2000
}

export function createProjector(options: ProjectorOptions): Projector {
  const { dynamo, projections } = options
  const pointer = options.pointer ?? createVersionPointer(dynamo)
  const concurrency = options.concurrency ?? 8
  const names = new Set<string>()
  for (const { name } of projections) {
    if (names.has(name) || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new Error(`projection name ${name} is taken or not a plain identifier`)
    names.add(name)
  }

  function projection(name: string): Projection {
    const found = projections.find((candidate) => candidate.name === name)
    if (!found) throw new Error(`unknown projection ${name} (known: ${[...names].join(', ')})`)
    return found
  }

  async function applyStream(target: Projection, version: number, streamId: string, events: readonly StoredEvent[]): Promise<void> {
    if (target.kind === 'pure') await applyPure(dynamo, target, version, streamId, events)
    else await applyCustom(dynamo, target, version, streamId, events)
  }

  return {
    dynamo,
    projections,
    pointer,
    projection,
    applyStream,
    async handle(events) {
      const byStream = new Map<string, StoredEvent[]>()
      for (const event of events) {
        const list = byStream.get(event.streamId)
        if (list) list.push(event)
        else byStream.set(event.streamId, [event])
      }
      const work: Work[] = []
      for (const [streamId, streamEvents] of byStream) {
        const { aggregateType } = parseStreamId(streamId)
        for (const target of projections) if (consumes(target, aggregateType)) work.push({ target, streamId, events: streamEvents })
      }
      const versions = new Map<string, number>()
      for (const { target } of work) if (!versions.has(target.name)) versions.set(target.name, await pointer.current(target.name))
      await mapLimit(lanes(work), concurrency, async (lane) => {
        for (const item of lane) await applyStream(item.target, versions.get(item.target.name) as number, item.streamId, item.events)
      })
    },
    async waitFor(name, token, timeoutMs = consistencyWaitMs()) {
      const target = projection(name)
      const wanted = (decodeToken(token) ?? []).filter(([streamId]) => consumes(target, parseStreamId(streamId).aggregateType))
      const deadline = Date.now() + timeoutMs
      for (let poll = 0; wanted.length > 0; poll++) {
        const watermarks = await readWatermarks(dynamo, name, await pointer.current(name), wanted.map(([streamId]) => streamId))
        const behind = wanted.filter(([streamId, version]) => (watermarks.get(streamId) ?? 0) < version)
        if (behind.length === 0) return true
        wanted.splice(0, wanted.length, ...behind)
        const remaining = deadline - Date.now()
        if (remaining <= 0) return false
        await sleep(Math.min(remaining, 5 * 2 ** Math.min(poll, 4)))
      }
      return true
    },
  }
}

interface Work {
  target: Projection
  streamId: string
  events: StoredEvent[]
}

/**
 * Groups the work so that streams whose events touch a common item of a pure projection (a shared counter) run
 * one after the other instead of racing for it; everything else runs side by side.
 */
function lanes(work: Work[]): Work[][] {
  const groups: Array<Work[] | undefined> = []
  const groupOfKey = new Map<string, number>()
  for (const item of work) {
    const keys = item.target.kind === 'pure' ? item.events.flatMap((event) => (item.target as PureProjection).keys(event)).map((key) => `${item.target.name}|${modelKeyId(key)}`) : []
    const joined = [...new Set(keys.map((key) => groupOfKey.get(key)).filter((index): index is number => index !== undefined))]
    const into = joined[0] ?? groups.length
    const group = groups[into] ?? []
    groups[into] = group
    for (const other of joined.slice(1)) {
      group.push(...(groups[other] ?? []))
      groups[other] = undefined
      for (const [key, index] of groupOfKey) if (index === other) groupOfKey.set(key, into)
    }
    group.push(item)
    for (const key of keys) groupOfKey.set(key, into)
  }
  return groups.filter((group): group is Work[] => group !== undefined)
}
