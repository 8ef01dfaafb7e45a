// Runs a PureProjection over one stream's events: read the watermark and the touched items (consistent),
// evolve in memory, then write the items and the watermark in one TransactWriteItems, every item conditioned
// on the revision read and the watermark on the version read. A lost race re-reads and goes again.
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { StoredEvent } from '../../domain/core/events.js'
import { modelKeyId, type Model, type ModelKey, type PureProjection } from '../../projections/contract.js'
import type { Dynamo } from '../store/dynamo.js'
import { backoff, batchGet, isConditionFailure, keyId, sleep } from './dynamoBatch.js'
import { itemFor, modelOf, newRevision, revisionOf, REVISION } from './items.js'
import { modelItemKey, watermarkKey } from './keys.js'
import { pendingEvents, watermarkOf, watermarkPut } from './watermarks.js'

/** TransactWriteItems takes 100 actions; one is the watermark. */
const MAX_ITEMS_PER_WRITE = 99
const MAX_ATTEMPTS = 12

interface Slot {
  key: ModelKey
  model: Model | undefined
  revision: string | undefined
}

export async function applyPure(dynamo: Dynamo, projection: PureProjection, version: number, streamId: string, incoming: readonly StoredEvent[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(dynamo, projection, version, streamId, incoming)
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error
      await sleep(backoff(attempt))
    }
  }
}

async function applyOnce(dynamo: Dynamo, projection: PureProjection, version: number, streamId: string, incoming: readonly StoredEvent[]): Promise<void> {
  const slots = new Map<string, Slot>()
  const watermark = await readSlots(dynamo, projection, version, slots, incoming.flatMap((event) => projection.keys(event)), streamId)
  const events = await pendingEvents(dynamo, streamId, watermark, incoming)
  if (events.length === 0) return
  const keysByEvent = events.map((event) => uniqueKeys(projection.keys(event)))
  await readSlots(dynamo, projection, version, slots, keysByEvent.flat().filter((key) => !slots.has(modelKeyId(key))))

  let last = watermark
  for (const run of runs(projection, events, keysByEvent)) {
    const dirty = new Set<string>()
    for (const { event, keys } of run) {
      const ids = new Set(keys.map(modelKeyId))
      const current = new Map(keys.map((key) => [modelKeyId(key), slots.get(modelKeyId(key))?.model]))
      for (const [id, model] of projection.evolve(current, event)) {
        const slot = slots.get(id)
        if (!slot || !ids.has(id)) throw new Error(`projection ${projection.name}: evolve wrote ${id}, which keys() did not name`)
        slot.model = model ?? undefined
        dirty.add(id)
      }
    }
    const next = (run.at(-1) as { event: StoredEvent }).event.version
    await writeRun(dynamo, projection.name, version, streamId, slots, dirty, last, next)
    last = next
  }
}

/** Reads the given items into `slots`; with `streamId`, reads the watermark in the same request and returns it. */
async function readSlots(dynamo: Dynamo, projection: PureProjection, version: number, slots: Map<string, Slot>, keys: ModelKey[], streamId?: string): Promise<number> {
  const wanted = uniqueKeys(keys)
  const itemKeys = wanted.map((key) => modelItemKey(projection.name, version, key))
  const wmKey = streamId === undefined ? undefined : watermarkKey(projection.name, version, streamId)
  if (itemKeys.length === 0 && !wmKey) return 0
  const found = await batchGet(dynamo.doc, dynamo.tables.read, wmKey ? [...itemKeys, wmKey] : itemKeys)
  wanted.forEach((key, index) => {
    const item = found.get(keyId(itemKeys[index] as { pk: string; sk: string }))
    slots.set(modelKeyId(key), { key, model: item && modelOf(item), revision: revisionOf(item) })
  })
  return wmKey ? watermarkOf(found.get(keyId(wmKey))) : 0
}

/** Splits a stream's events into runs whose touched items fit one transaction. */
function runs(projection: PureProjection, events: StoredEvent[], keysByEvent: ModelKey[][]): Array<Array<{ event: StoredEvent; keys: ModelKey[] }>> {
  const out: Array<Array<{ event: StoredEvent; keys: ModelKey[] }>> = []
  let current: Array<{ event: StoredEvent; keys: ModelKey[] }> = []
  let touched = new Set<string>()
  events.forEach((event, index) => {
    const keys = keysByEvent[index] as ModelKey[]
    if (keys.length > MAX_ITEMS_PER_WRITE) {
      throw new Error(`projection ${projection.name}: ${event.type} touches ${keys.length} items; a pure projection writes at most ${MAX_ITEMS_PER_WRITE} per event (use a custom projection)`)
    }
    const union = new Set([...touched, ...keys.map(modelKeyId)])
    if (union.size > MAX_ITEMS_PER_WRITE && current.length > 0) {
      out.push(current)
      current = []
      touched = new Set(keys.map(modelKeyId))
    } else {
      touched = union
    }
    current.push({ event, keys })
  })
  if (current.length > 0) out.push(current)
  return out
}

async function writeRun(dynamo: Dynamo, name: string, version: number, streamId: string, slots: Map<string, Slot>, dirty: Set<string>, last: number, next: number): Promise<void> {
  const table = dynamo.tables.read
  const revised = new Map<string, string | undefined>()
  const actions: Array<Record<string, unknown>> = []
  for (const id of dirty) {
    const slot = slots.get(id) as Slot
    const condition = slot.revision === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': REVISION }, ExpressionAttributeValues: { ':rev': slot.revision } }
    if (slot.model === undefined) {
      if (slot.revision === undefined) continue
      actions.push({ Delete: { TableName: table, Key: modelItemKey(name, version, slot.key), ...condition } })
      revised.set(id, undefined)
    } else {
      const revision = newRevision()
      actions.push({ Put: { TableName: table, Item: itemFor(name, version, slot.key, slot.model, revision), ...condition } })
      revised.set(id, revision)
    }
  }
  const watermark = watermarkPut(dynamo, name, version, streamId, last, next)
  if (actions.length === 0) await dynamo.doc.send(new PutCommand(watermark))
  else await dynamo.doc.send(new TransactWriteCommand({ TransactItems: [...actions, { Put: watermark }] as never }))
  for (const [id, revision] of revised) (slots.get(id) as Slot).revision = revision
}

function uniqueKeys(keys: readonly ModelKey[]): ModelKey[] {
  return [...new Map(keys.map((key) => [modelKeyId(key), key])).values()]
}
