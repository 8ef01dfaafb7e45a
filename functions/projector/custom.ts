// Runs a CustomProjection over one stream's events: each pending event through `apply` in version order,
// then the watermark, conditioned on the one read. `apply` writes through a ProjectionIO bound to the
// projection's own items of this version.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { StoredEvent } from '../../domain/core/events.js'
import {
  modelKeyId,
  type ChangeOutcome,
  type CustomProjection,
  type Model,
  type ModelChange,
  type ModelKey,
  type ProjectionIO,
} from '../../projections/contract.js'
import type { Dynamo } from '../store/dynamo.js'
import { backoff, batchGet, batchWrite, isConditionFailure, keyId, mapLimit, queryAll, sleep, type WriteRequest } from './dynamoBatch.js'
import { itemFor, modelOf, newRevision, revisionOf, REVISION } from './items.js'
import { modelItemKey, modelKeyOf, watermarkKey, type ItemKey } from './keys.js'
import { pendingEvents, watermarkOf, watermarkPut } from './watermarks.js'

const MAX_ATTEMPTS = 12
const CONDITIONAL_WRITES_IN_FLIGHT = 16

export async function applyCustom(dynamo: Dynamo, projection: CustomProjection, version: number, streamId: string, incoming: readonly StoredEvent[]): Promise<void> {
  const io = projectionIO(dynamo, projection.name, version)
  for (let attempt = 1; ; attempt++) {
    const read = await dynamo.doc.send(
      new GetCommand({ TableName: dynamo.tables.read, Key: watermarkKey(projection.name, version, streamId), ConsistentRead: true }),
    )
    const last = watermarkOf(read.Item)
    const events = await pendingEvents(dynamo, streamId, last, incoming)
    if (events.length === 0) return
    for (const event of events) await projection.apply(event, io)
    try {
      await dynamo.doc.send(new PutCommand(watermarkPut(dynamo, projection.name, version, streamId, last, (events.at(-1) as StoredEvent).version)))
      return
    } catch (error) {
      // Another worker moved the watermark meanwhile: re-read it; what it already covers is skipped.
      if (!isConditionFailure(error) || attempt >= MAX_ATTEMPTS) throw error
      await sleep(backoff(attempt))
    }
  }
}

export function projectionIO(dynamo: Dynamo, name: string, version: number): ProjectionIO {
  const table = dynamo.tables.read
  const keyOf = (key: ModelKey) => modelItemKey(name, version, key)

  async function readItems(keys: readonly ModelKey[]): Promise<Map<string, Record<string, unknown> | undefined>> {
    const found = await batchGet(dynamo.doc, table, keys.map(keyOf))
    return new Map(keys.map((key) => [modelKeyId(key), found.get(keyId(keyOf(key)))]))
  }

  async function conditional(change: ModelChange): Promise<ChangeOutcome> {
    try {
      if (change.kind === 'setEntry') return await setEntry(dynamo, keyOf(change.key), change)
      if (change.kind === 'put') {
        await dynamo.doc.send(
          new PutCommand({ TableName: table, Item: itemFor(name, version, change.key, change.model, newRevision()), ConditionExpression: 'attribute_not_exists(pk)' }),
        )
      }
      return 'applied'
    } catch (error) {
      if (isConditionFailure(error)) return 'skipped'
      throw error
    }
  }

  return {
    async get(key) {
      const out = await dynamo.doc.send(new GetCommand({ TableName: table, Key: keyOf(key), ConsistentRead: true }))
      return out.Item && modelOf(out.Item)
    },
    async getMany(keys) {
      const items = await readItems(keys)
      return new Map([...items].map(([id, item]) => [id, item && modelOf(item)]))
    },
    async query(scope, partition, options = {}) {
      const pk = keyOf({ scope, partition, sort: '' }).pk
      const items = await queryAll(dynamo.doc, {
        TableName: table,
        KeyConditionExpression: options.sortPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: options.sortPrefix ? { ':pk': pk, ':prefix': options.sortPrefix } : { ':pk': pk },
      })
      return items.map((item) => ({ key: modelKeyOf(item as unknown as ItemKey), model: modelOf(item) }))
    },
    async write(changes) {
      assertDistinct(name, changes)
      const outcomes = new Array<ChangeOutcome>(changes.length)
      const plain: WriteRequest[] = []
      const guarded: number[] = []
      changes.forEach((change, index) => {
        if (change.kind === 'delete') plain.push({ DeleteRequest: { Key: { ...keyOf(change.key) } } })
        else if (change.kind === 'put' && !change.ifAbsent) plain.push({ PutRequest: { Item: itemFor(name, version, change.key, change.model, newRevision()) } })
        else return guarded.push(index)
        outcomes[index] = 'applied'
      })
      await Promise.all([
        batchWrite(dynamo.doc, table, plain),
        mapLimit(guarded, CONDITIONAL_WRITES_IN_FLIGHT, async (index) => {
          outcomes[index] = await conditional(changes[index] as ModelChange)
        }),
      ])
      return outcomes
    },
    async modify(keys, change) {
      let pending = [...new Map(keys.map((key) => [modelKeyId(key), key])).values()]
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) throw new Error(`projection ${name}: modify lost ${MAX_ATTEMPTS} races on ${modelKeyId(pending[0] as ModelKey)}`)
        if (attempt > 1) await sleep(backoff(attempt))
        const items = await readItems(pending)
        const lost: ModelKey[] = []
        await mapLimit(pending, CONDITIONAL_WRITES_IN_FLIGHT, async (key) => {
          const item = items.get(modelKeyId(key))
          try {
            await replace(dynamo, name, version, key, item, change(item && modelOf(item), key))
          } catch (error) {
            if (!isConditionFailure(error)) throw error
            lost.push(key)
          }
        })
        pending = lost
      }
    },
  }
}

/** The changes of one write() run concurrently, so none may race another on the same item. */
function assertDistinct(name: string, changes: readonly ModelChange[]): void {
  const whole = new Set<string>()
  const entries = new Set<string>()
  for (const change of changes) {
    const id = modelKeyId(change.key)
    const clash = change.kind === 'setEntry' ? whole.has(id) : whole.has(id) || entries.has(id)
    if (clash) throw new Error(`projection ${name}: one write() may put or delete an item once, and not also set its entries`)
    if (change.kind === 'setEntry') entries.add(id)
    else whole.add(id)
  }
}

/** Writes `next` over `item` (as read) only if no one changed it since. */
async function replace(dynamo: Dynamo, name: string, version: number, key: ModelKey, item: Record<string, unknown> | undefined, next: Model | null | undefined): Promise<void> {
  if (next === undefined || (next === null && item === undefined)) return
  const revision = revisionOf(item)
  const condition = item === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': REVISION }, ExpressionAttributeValues: { ':rev': revision } }
  if (next === null) {
    await dynamo.doc.send(new DeleteCommand({ TableName: dynamo.tables.read, Key: modelItemKey(name, version, key), ...condition }))
  } else {
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.read, Item: itemFor(name, version, key, next, newRevision()), ...condition }))
  }
}

/**
 * One versioned map entry with no read: update the entry in place when the map exists and holds nothing newer;
 * when the map (or the item) is missing, create the map holding the entry; then the other way round if a
 * concurrent writer won the creation.
 */
async function setEntry(dynamo: Dynamo, key: ItemKey, change: Extract<ModelChange, { kind: 'setEntry' }>): Promise<ChangeOutcome> {
  const entry = { version: change.version, value: change.value }
  const names = { '#m': change.map, '#rev': REVISION }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: dynamo.tables.read,
          Key: key,
          UpdateExpression: 'SET #m.#e = :entry, #rev = :rev',
          ConditionExpression: 'attribute_exists(#m) AND (attribute_not_exists(#m.#e) OR #m.#e.#v < :v)',
          ExpressionAttributeNames: { ...names, '#e': change.entry, '#v': 'version' },
          ExpressionAttributeValues: { ':entry': entry, ':v': change.version, ':rev': newRevision() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      return 'applied'
    } catch (error) {
      if (!isConditionFailure(error)) throw error
      if ((error as { Item?: Record<string, unknown> }).Item?.[change.map] !== undefined) return 'skipped'
    }
    try {
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: dynamo.tables.read,
          Key: key,
          UpdateExpression: 'SET #m = :map, #rev = :rev',
          ConditionExpression: 'attribute_not_exists(#m)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':map': { [change.entry]: entry }, ':rev': newRevision() },
        }),
      )
      return 'applied'
    } catch (error) {
      if (!isConditionFailure(error)) throw error
    }
  }
  throw new Error(`setEntry ${change.map}.${change.entry} on ${key.pk} kept losing races`)
}
