// The event store on DynamoDB Local: one write request per append, conditions, extras and their errors, upcasting.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { alreadyExists, quotaExceeded } from '../../domain/core/errors.js'
import { defineEvent, type EventMeta } from '../../domain/core/events.js'
import { ulidIds, type Clock } from '../../domain/core/ids.js'
import type { EventStore } from '../../domain/core/ports.js'
import { createEventStore, MAX_ITEMS_PER_APPEND } from '../../functions/store/eventStore.js'
import { readStateItem } from '../../functions/store/stateStore.js'
import { freshTables } from '../support/tables.js'

const noted = defineEvent('TestNoted', z.object({ text: z.string().max(20) }))
const blob = defineEvent('TestBlob', z.object({ text: z.string().max(5000) }))
// v2 of TestRenamed split `name` into first/last; v1 items stay in the log as written.
const renamed = defineEvent('TestRenamed', z.object({ first: z.string(), last: z.string() }), {
  schemaVersion: 2,
  upcasters: {
    1: (data) => {
      const [first = '', ...rest] = String((data as { name: string }).name).split(' ')
      return { first, last: rest.join(' ') }
    },
  },
})

const ORG = 'f'.repeat(32)
const meta: Omit<EventMeta, 'eventId' | 'occurredAt'> = {
  actor: { kind: 'user', id: 'u1' }, requestId: 'r1', sourceIp: '127.0.0.1', userAgent: 'test', surface: 'system',
}
const now = new Date('2026-03-04T05:06:07.000Z')
const clock: Clock = { now: () => now }
let tables: Awaited<ReturnType<typeof freshTables>>
let store: EventStore
let commands: string[]
const stream = () => `${ORG}#test#${ulidIds.newId()}`

beforeAll(async () => {
  tables = await freshTables('store')
  store = createEventStore(tables, { clock, ids: ulidIds })
  commands = []
  tables.client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName as string)
      return next(args)
    },
    { step: 'initialize', name: 'recordCommands' },
  )
})

function sent<T>(body: () => Promise<T>): Promise<{ value: T; commands: string[] }> {
  commands.length = 0
  return body().then((value) => ({ value, commands: [...commands] }))
}

describe('append', () => {
  it('writes a single event with one conditional PutItem, with envelope and organization', async () => {
    const id = stream()
    const { value, commands: used } = await sent(() => store.append([{ streamId: id, expectedVersion: 0, events: [noted({ text: 'hi' })] }], [], meta))
    expect(value).toMatchObject({ positions: [[id, 1]], events: [{ streamId: id, version: 1, type: 'TestNoted', data: { text: 'hi' } }] })
    expect(used).toEqual(['PutItemCommand'])
    const [event] = await store.readStream(id)
    expect(event).toMatchObject({ streamId: id, version: 1, type: 'TestNoted', schemaVersion: 1, data: { text: 'hi' } })
    expect(event?.meta).toMatchObject({ ...meta, occurredAt: now.toISOString() })
    expect(event?.meta.eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    const raw = await tables.doc.send(new GetCommand({ TableName: tables.tables.events, Key: { streamId: id, version: 1 } }))
    expect(raw.Item?.org).toBe(ORG)
  })

  it('writes several events and extras with one TransactWriteItems', async () => {
    const a = stream()
    const b = stream()
    const key = { pk: `${ORG}#test#item`, sk: a }
    const { value, commands: used } = await sent(() =>
      store.append(
        [{ streamId: a, expectedVersion: 0, events: [noted({ text: '1' }), noted({ text: '2' })] }, { streamId: b, expectedVersion: 0, events: [noted({ text: '3' })] }],
        [{ kind: 'put', key, attributes: { value: 1 } }],
        meta,
      ),
    )
    expect(value).toMatchObject({ positions: [[a, 2], [b, 1]] })
    expect(used).toEqual(['TransactWriteItemsCommand'])
    expect((await store.load([a, b])).get(a)?.map((e) => e.version)).toEqual([1, 2])
    expect(await readStateItem(tables, key, now)).toMatchObject({ value: 1 })
  })

  it('reports a lost race on a stream as a conflict naming it, and writes nothing', async () => {
    const a = stream()
    const b = stream()
    await store.append([{ streamId: a, expectedVersion: 0, events: [noted({ text: 'first' })] }], [], meta)
    expect(await store.append([{ streamId: a, expectedVersion: 0, events: [noted({ text: 'second' })] }], [], meta)).toEqual({ conflict: true, streamIds: [a] })
    const both = await store.append(
      [{ streamId: b, expectedVersion: 0, events: [noted({ text: 'b' })] }, { streamId: a, expectedVersion: 0, events: [noted({ text: 'a' })] }],
      [],
      meta,
    )
    expect(both).toEqual({ conflict: true, streamIds: [a] })
    expect(await store.readStream(b)).toEqual([])
  })

  it('refuses an event with invalid data or an unknown type before writing', async () => {
    const id = stream()
    await expect(store.append([{ streamId: id, expectedVersion: 0, events: [noted({ text: 'x'.repeat(21) })] }], [], meta)).rejects.toThrow(/invalid TestNoted/)
    await expect(store.append([{ streamId: id, expectedVersion: 0, events: [{ type: 'Nope', data: {} }] }], [], meta)).rejects.toThrow(/unknown event type/)
    expect(await store.readStream(id)).toEqual([])
  })

  it('refuses more than 100 items in one append', async () => {
    const events = Array.from({ length: MAX_ITEMS_PER_APPEND + 1 }, (_, i) => noted({ text: String(i) }))
    await expect(store.append([{ streamId: stream(), expectedVersion: 0, events }], [], meta)).rejects.toThrow(/at most 100/)
  })
})

describe('extras', () => {
  it('answers a taken reservation with its own error, in a transaction and as a single write', async () => {
    const key = { pk: `~alias#${ulidIds.newId()}`, sk: 'reservation' }
    const taken = alreadyExists('organization_alias', key.pk)
    await store.append([], [{ kind: 'reserve', key, owner: 'org-a', onTaken: taken }], meta)
    // The same owner may reserve again; another owner may not.
    expect(await store.append([], [{ kind: 'reserve', key, owner: 'org-a', onTaken: taken }], meta)).toMatchObject({ positions: [] })
    expect(await store.append([], [{ kind: 'reserve', key, owner: 'org-b', onTaken: taken }], meta)).toEqual(taken)
    const id = stream()
    expect(await store.append([{ streamId: id, expectedVersion: 0, events: [noted({ text: 'x' })] }], [{ kind: 'reserve', key, owner: 'org-b', onTaken: taken }], meta)).toEqual(taken)
    expect(await store.readStream(id)).toEqual([])
    // Release by another owner fails; by the owner frees it.
    expect(await store.append([], [{ kind: 'release', key, owner: 'org-b' }], meta)).toMatchObject({ kind: 'conflict' })
    await store.append([], [{ kind: 'release', key, owner: 'org-a' }], meta)
    expect(await store.append([], [{ kind: 'reserve', key, owner: 'org-b', onTaken: taken }], meta)).toMatchObject({ positions: [] })
  })

  it('keeps a counter within its limit', async () => {
    const key = { pk: `${ORG}#quota`, sk: ulidIds.newId() }
    const full = quotaExceeded('users', 3, 3, ORG)
    const add = (delta: number) => store.append([], [{ kind: 'counter', key, delta, limit: 3, onLimit: full }], meta)
    expect(await add(2)).toMatchObject({ positions: [] })
    expect(await add(1)).toMatchObject({ positions: [] })
    expect(await add(1)).toEqual(full)
    expect(await add(5)).toEqual(full)
    expect(await add(-1)).toMatchObject({ positions: [] })
    expect(await readStateItem(tables, key, now)).toMatchObject({ n: 2 })
  })

  it('guards puts with ifNotExists, treating an expired item as absent, and sets only existing items with ifExists', async () => {
    const key = { pk: `${ORG}#thing`, sk: ulidIds.newId() }
    const exists = alreadyExists('thing', key.sk)
    expect(await store.append([], [{ kind: 'put', key, attributes: { v: 1 }, ifNotExists: true, onConditionFailed: exists, ttlSeconds: 60 }], meta)).toMatchObject({ positions: [] })
    expect(await store.append([], [{ kind: 'put', key, attributes: { v: 2 }, ifNotExists: true, onConditionFailed: exists }], meta)).toEqual(exists)
    const item = await tables.doc.send(new GetCommand({ TableName: tables.tables.state, Key: key }))
    expect(item.Item?.ttl).toBe(Math.floor(now.getTime() / 1000) + 60)
    // An hour later the item has expired: absent for reads and for ifNotExists.
    const later = createEventStore(tables, { clock: { now: () => new Date(now.getTime() + 3_600_000) }, ids: ulidIds })
    expect(await readStateItem(tables, key, new Date(now.getTime() + 3_600_000))).toBeUndefined()
    expect(await later.append([], [{ kind: 'put', key, attributes: { v: 3 }, ifNotExists: true, onConditionFailed: exists }], meta)).toMatchObject({ positions: [] })

    const gone = { pk: `${ORG}#thing`, sk: ulidIds.newId() }
    expect(await store.append([], [{ kind: 'set', key: gone, attributes: { v: 1 }, ifExists: true, onConditionFailed: exists }], meta)).toEqual(exists)
    await store.append([], [{ kind: 'set', key, attributes: { v: 4, extra: undefined } }], meta)
    expect(await readStateItem(tables, key, now)).toMatchObject({ v: 4 })
    await store.append([], [{ kind: 'delete', key }], meta)
    expect(await readStateItem(tables, key, now)).toBeUndefined()
  })
})

describe('reading', () => {
  it('upcasts old schema versions when read, leaving the stored item as written', async () => {
    const id = stream()
    await tables.doc.send(
      new PutCommand({
        TableName: tables.tables.events,
        Item: { streamId: id, version: 1, type: renamed.type, schemaVersion: 1, data: { name: 'Ada King Lovelace' }, meta: { ...meta, eventId: ulidIds.newUlid(), occurredAt: now.toISOString() }, org: ORG },
      }),
    )
    await store.append([{ streamId: id, expectedVersion: 1, events: [renamed({ first: 'Grace', last: 'Hopper' })] }], [], meta)
    const events = (await store.load([id])).get(id)
    expect(events?.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { first: 'Ada', last: 'King Lovelace' }],
      [2, { first: 'Grace', last: 'Hopper' }],
    ])
    const raw = await tables.doc.send(new QueryCommand({ TableName: tables.tables.events, KeyConditionExpression: 'streamId = :s', ExpressionAttributeValues: { ':s': id } }))
    expect(raw.Items?.[0]).toMatchObject({ schemaVersion: 1, data: { name: 'Ada King Lovelace' } })
  })

  it('reads long streams across pages (over 1 MB) and by version range', async () => {
    const id = stream()
    const big = 'x'.repeat(4500)
    for (let batch = 0; batch < 3; batch++) {
      const events = Array.from({ length: 90 }, () => blob({ text: big }))
      await store.append([{ streamId: id, expectedVersion: batch * 90, events }], [], meta)
    }
    expect((await store.readStream(id)).map((e) => e.version)).toEqual(Array.from({ length: 270 }, (_, i) => i + 1))
    expect((await store.readStream(id, 100, 103)).map((e) => e.version)).toEqual([101, 102, 103])
    expect((await store.readStream(id, 268)).map((e) => e.version)).toEqual([269, 270])
  })
})
