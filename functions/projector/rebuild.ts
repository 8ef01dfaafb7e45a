// `iam projections rebuild NAME` and `iam projections repair NAME`.
// rebuild: fill a version no one has written from a parallel Scan of the log, catch it up from the watermarks,
// switch the pointer, catch up once more (writers that read the old pointer), then drop the old version.
// repair: for every stream, fold the versions above the projection's watermark (closes any hole).
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb'
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import { consumes, type Projection } from '../../projections/contract.js'
import type { Dynamo } from '../store/dynamo.js'
import { batchWrite, mapLimit, sleep } from './dynamoBatch.js'
import { belongsTo, versionTag } from './keys.js'
import type { Projector } from './projector.js'
import { eventFromItem, readEvents } from './storedEvents.js'
import { readWatermarks } from './watermarks.js'

export type ProjectionPhase = 'scan' | 'catch-up' | 'switch' | 'cleanup'

export interface ProjectionProgress {
  projection: string
  phase: ProjectionPhase
  /** Items handled in this phase so far, and (when known, approximately) in all. */
  done: number
  total?: number
}

export interface MaintenanceOptions {
  /** Parallel Scan segments. */
  segments?: number
  onProgress?: (progress: ProjectionProgress) => void
}

export interface CatchUpResult {
  /** Streams the projection consumes. */
  streams: number
  /** Of those, streams that were behind and brought up to date. */
  repaired: number
  /** Events applied while doing so. */
  events: number
}

export interface RebuildResult {
  projection: string
  from: number
  to: number
  /** Events of the log the projection consumed in the scan. */
  events: number
  caughtUp: CatchUpResult
}

export interface RepairResult extends CatchUpResult {
  projection: string
  version: number
}

const STREAMS_IN_FLIGHT = 8

export async function rebuild(projector: Projector, name: string, options: MaintenanceOptions = {}): Promise<RebuildResult> {
  const projection = projector.projection(name)
  const { pointer } = projector
  const from = await pointer.current(name, { fresh: true })
  const to = await pointer.allocate(name)
  const events = await fill(projector, projection, to, options)
  const first = await catchUp(projector, projection, to, options)
  options.onProgress?.({ projection: name, phase: 'switch', done: 0, total: 1 })
  await pointer.switchTo(name, from, to)
  // Writers that read the pointer before the switch may still write `from` for one cache period.
  await sleep(2 * pointer.ttlMs)
  options.onProgress?.({ projection: name, phase: 'switch', done: 1, total: 1 })
  const second = await catchUp(projector, projection, to, options)
  await dropVersion(projector.dynamo, name, from, options)
  return {
    projection: name,
    from,
    to,
    events,
    caughtUp: { streams: second.streams, repaired: first.repaired + second.repaired, events: first.events + second.events },
  }
}

export async function repair(projector: Projector, name: string, options: MaintenanceOptions = {}): Promise<RepairResult> {
  const projection = projector.projection(name)
  const version = await projector.pointer.current(name, { fresh: true })
  return { projection: name, version, ...(await catchUp(projector, projection, version, options)) }
}

/** Folds every consumed stream of the log into `version`, page by page. Returns the events consumed. */
async function fill(projector: Projector, projection: Projection, version: number, options: MaintenanceOptions): Promise<number> {
  const { dynamo } = projector
  const total = await approximateCount(dynamo)
  let done = 0
  let consumed = 0
  options.onProgress?.({ projection: projection.name, phase: 'scan', done, total })
  await scanAll(dynamo, { TableName: dynamo.tables.events, ConsistentRead: true }, options.segments, async (items) => {
    const byStream = new Map<string, StoredEvent[]>()
    for (const item of items) {
      const event = eventFromItem(item)
      if (!consumes(projection, parseStreamId(event.streamId).aggregateType)) continue
      const list = byStream.get(event.streamId)
      if (list) list.push(event)
      else byStream.set(event.streamId, [event])
      consumed++
    }
    await mapLimit([...byStream], STREAMS_IN_FLIGHT, ([streamId, events]) =>
      projector.applyStream(projection, version, streamId, events.sort((a, b) => a.version - b.version)),
    )
    done += items.length
    options.onProgress?.({ projection: projection.name, phase: 'scan', done, total: Math.max(total, done) })
  })
  return consumed
}

/** Brings every consumed stream's watermark in `version` up to the stream's last event. */
async function catchUp(projector: Projector, projection: Projection, version: number, options: MaintenanceOptions): Promise<CatchUpResult> {
  const { dynamo } = projector
  const total = await approximateCount(dynamo)
  const seen = new Set<string>()
  const result: CatchUpResult = { streams: 0, repaired: 0, events: 0 }
  let done = 0
  options.onProgress?.({ projection: projection.name, phase: 'catch-up', done, total })
  const keysOnly = {
    TableName: dynamo.tables.events,
    ConsistentRead: true,
    ProjectionExpression: '#s, #v',
    ExpressionAttributeNames: { '#s': 'streamId', '#v': 'version' },
  }
  await scanAll(dynamo, keysOnly, options.segments, async (items) => {
    const top = new Map<string, number>()
    for (const { streamId, version: v } of items as Array<{ streamId: string; version: number }>) {
      if (consumes(projection, parseStreamId(streamId).aggregateType)) top.set(streamId, Math.max(v, top.get(streamId) ?? 0))
    }
    const watermarks = await readWatermarks(dynamo, projection.name, version, [...top.keys()])
    const behind = [...top].filter(([streamId, v]) => (watermarks.get(streamId) ?? 0) < v)
    await mapLimit(behind, STREAMS_IN_FLIGHT, async ([streamId]) => {
      const events = await readEvents(dynamo, streamId, watermarks.get(streamId) ?? 0)
      await projector.applyStream(projection, version, streamId, events)
      result.repaired++
      result.events += events.length
    })
    for (const streamId of top.keys()) seen.add(streamId)
    done += items.length
    options.onProgress?.({ projection: projection.name, phase: 'catch-up', done, total: Math.max(total, done) })
  })
  result.streams = seen.size
  return result
}

/** Deletes a version's model items and watermarks. */
async function dropVersion(dynamo: Dynamo, name: string, version: number, options: MaintenanceOptions): Promise<void> {
  const tag = versionTag(name, version)
  let done = 0
  options.onProgress?.({ projection: name, phase: 'cleanup', done })
  const input: ScanCommandInput = {
    TableName: dynamo.tables.read,
    ProjectionExpression: 'pk, sk',
    FilterExpression: 'contains(pk, :model) OR sk = :watermark',
    ExpressionAttributeValues: { ':model': `#${tag}#`, ':watermark': tag },
  }
  await scanAll(dynamo, input, options.segments, async (items) => {
    const mine = (items as Array<{ pk: string; sk: string }>).filter(({ pk, sk }) => belongsTo(pk, name, version) || (pk.endsWith('#wm') && sk === tag))
    await batchWrite(dynamo.doc, dynamo.tables.read, mine.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })))
    done += mine.length
    options.onProgress?.({ projection: name, phase: 'cleanup', done })
  })
}

/** A parallel Scan; `onPage` runs for each page, pages of one segment in order. */
async function scanAll(
  dynamo: Dynamo,
  input: ScanCommandInput,
  segments = 4,
  onPage: (items: Array<Record<string, unknown>>) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined
      do {
        const out = await dynamo.doc.send(new ScanCommand({ ...input, Segment: segment, TotalSegments: segments, ExclusiveStartKey: start }))
        await onPage((out.Items as Array<Record<string, unknown>> | undefined) ?? [])
        start = out.LastEvaluatedKey
      } while (start)
    }),
  )
}

async function approximateCount(dynamo: Dynamo): Promise<number> {
  const out = await dynamo.client.send(new DescribeTableCommand({ TableName: dynamo.tables.events }))
  return out.Table?.ItemCount ?? 0
}
