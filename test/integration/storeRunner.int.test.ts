// The command runner on DynamoDB Local: concurrency without loss or duplication, idempotency, blind creations.
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { decodeToken } from '../../domain/core/consistency.js'
import type { Decider } from '../../domain/core/decider.js'
import { alreadyExists, DomainFailure, notFound } from '../../domain/core/errors.js'
import { defineEvent, type DomainEvent } from '../../domain/core/events.js'
import { systemClock, ulidIds } from '../../domain/core/ids.js'
import type { CommandRequest, EventStore, RequestMeta } from '../../domain/core/ports.js'
import { createCommandRunner } from '../../functions/store/commandRunner.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { hashRequest } from '../../functions/store/idempotency.js'
import { createStreamLocks } from '../../functions/store/streamLocks.js'
import { freshTables } from '../support/tables.js'

// A counter-like test aggregate: each tick records the count it saw, so a lost or duplicated tick shows.
const ticked = defineEvent('TestTicked', z.object({ seen: z.number().int(), commandId: z.string() }))
type Tick = ReturnType<typeof ticked>
const counter: Decider<{ count: number }, Tick> = {
  aggregateType: 'counter',
  initialState: () => ({ count: 0 }),
  evolve: (state) => ({ count: state.count + 1 }),
}
const created = defineEvent('TestThingCreated', z.object({ name: z.string() }))

const ORG = 'e'.repeat(32)
const meta: RequestMeta = { actor: { kind: 'user', id: 'u1' }, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 'test', surface: 'system' }
let tables: Awaited<ReturnType<typeof freshTables>>
let store: EventStore

beforeAll(async () => {
  tables = await freshTables('runner')
  store = createEventStore(tables, { clock: systemClock, ids: ulidIds })
})

const runnerWith = (locks = createStreamLocks()) => createCommandRunner({ store, dynamo: tables, clock: systemClock, ids: ulidIds, locks })

function tick(streamId: string, commandId: string): CommandRequest<number> {
  return {
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(counter, streamId)
      return { appends: [{ streamId, events: [ticked({ seen: state.count, commandId })] }], result: state.count + 1 }
    },
  }
}

async function ticksOf(streamId: string) {
  return (await store.readStream(streamId)).map((event) => ({ version: event.version, ...(event.data as Tick['data']) }))
}

describe('concurrency', () => {
  it('runs 200 concurrent commands on one stream in one process: all succeed, none lost or duplicated', async () => {
    const runner = runnerWith()
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => runner.run(tick(streamId, `c${i}`))))
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true)
    const ticks = await ticksOf(streamId)
    expect(ticks.map((t) => t.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect(ticks.every((t) => t.seen === t.version - 1)).toBe(true)
    expect(new Set(ticks.map((t) => t.commandId)).size).toBe(200)
  })

  it('runs 200 concurrent commands from 4 racing processes: at least 95% succeed, exactly those are written once', async () => {
    const processes = Array.from({ length: 4 }, () => runnerWith())
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (processes[i % 4] as ReturnType<typeof runnerWith>).run(tick(streamId, `c${i}`)).then((outcome) => ({ i, outcome }))),
    )
    const succeeded = outcomes.filter(({ outcome }) => outcome.ok).map(({ i }) => `c${i}`)
    const failed = outcomes.filter(({ outcome }) => !outcome.ok)
    expect(succeeded.length).toBeGreaterThanOrEqual(190)
    for (const { outcome } of failed) expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict', state: 'transient_state' } })
    const ticks = await ticksOf(streamId)
    expect(ticks.map((t) => t.commandId).sort()).toEqual(succeeded.sort())
    expect(ticks.every((t) => t.seen === t.version - 1)).toBe(true)
  })

  it('answers with a consistency token of the positions written', async () => {
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    const runner = runnerWith()
    await runner.run(tick(streamId, 'a'))
    const outcome = await runner.run(tick(streamId, 'b'))
    expect(outcome.ok && decodeToken(outcome.token)).toEqual([[streamId, 2]])
  })
})

describe('planning on folded states', () => {
  const refuseUnlessCount = (streamId: string, expected: number): CommandRequest<number> => ({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(counter, streamId)
      return state.count === expected ? { appends: [], result: state.count } : notFound('count', String(state.count))
    },
  })

  it('sends one request per command on a stream this process wrote moments ago', async () => {
    const runner = runnerWith()
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    await runner.run(tick(streamId, 'a'))
    const names: string[] = []
    const recorder = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      names.push(String(context.commandName))
      return next(args)
    }
    tables.client.middlewareStack.add(recorder as never, { step: 'initialize', name: 'runnerRecorder' })
    try {
      expect(await runner.run(tick(streamId, 'b'))).toMatchObject({ ok: true, result: 2 })
      expect(names).toEqual(['PutItemCommand'])
    } finally {
      tables.client.middlewareStack.remove('runnerRecorder')
    }
  })

  it('recovers from a state another process changed: a write conflicts once, a refusal is confirmed by a read', async () => {
    const [a, b] = [runnerWith(), runnerWith()]
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    await a.run(tick(streamId, 'a1'))
    await b.run(tick(streamId, 'b1'))
    // a still holds count 1: its tick conflicts, re-reads and writes the third tick.
    expect(await a.run(tick(streamId, 'a2'))).toMatchObject({ ok: true, result: 3 })
    await b.run(tick(streamId, 'b2'))
    // a would refuse on its cached count 3; the refusal is checked against the log first.
    const outcome = await a.run(refuseUnlessCount(streamId, 4))
    expect(outcome).toMatchObject({ ok: true, result: 4 })
    expect(outcome.ok && decodeToken(outcome.token)).toEqual([[streamId, 4]])
    expect((await ticksOf(streamId)).map((t) => [t.commandId, t.seen])).toEqual([['a1', 0], ['b1', 1], ['a2', 2], ['b2', 3]])
  })

  it('plans from the log when trusting the cache is switched off', async () => {
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    const runner = createCommandRunner({ store, dynamo: tables, clock: systemClock, ids: ulidIds, locks: createStreamLocks(), trustCachedMs: 0 })
    await runner.run(tick(streamId, 'a'))
    await runnerWith().run(tick(streamId, 'b'))
    expect(await runner.run(refuseUnlessCount(streamId, 2))).toMatchObject({ ok: true, result: 2 })
  })
})

describe('plans', () => {
  const create = (streamId: string): CommandRequest<string> => ({
    serializeOn: [streamId],
    meta,
    plan: async () => ({ appends: [{ streamId, events: [created({ name: 'x' })] }], result: streamId }),
  })

  it('creates a stream it did not load only when it is new, else answers already_exists without retrying', async () => {
    const id = ulidIds.newId()
    const streamId = `${ORG}#thing#${id}`
    expect(await runnerWith().run(create(streamId))).toMatchObject({ ok: true })
    expect(await runnerWith().run(create(streamId))).toEqual({ ok: false, error: alreadyExists('thing', id) })
  })

  it('returns a decision error, thrown or returned, without writing', async () => {
    const runner = runnerWith()
    const streamId = `${ORG}#thing#${ulidIds.newId()}`
    const refused: CommandRequest<void> = { serializeOn: [streamId], meta, plan: async () => notFound('thing', 'x') }
    const thrown: CommandRequest<void> = { serializeOn: [streamId], meta, plan: async () => { throw new DomainFailure(notFound('thing', 'y')) } }
    expect(await runner.run(refused)).toEqual({ ok: false, error: notFound('thing', 'x') })
    expect(await runner.run(thrown)).toEqual({ ok: false, error: notFound('thing', 'y') })
    expect(await store.readStream(streamId)).toEqual([])
  })
})

describe('idempotency', () => {
  const principalId = 'a'.repeat(32)
  function createWithKey(key: string, body: unknown, runner = runnerWith()) {
    const streamId = `${ORG}#thing#${ulidIds.newId()}`
    return runner.run<string>({
      serializeOn: [streamId],
      meta,
      idempotency: { organizationId: ORG, principalId, key, requestHash: hashRequest('POST', '/things', body), resourceIdOf: (id) => id, status: 200 },
      plan: async () => ({ appends: [{ streamId, events: [created({ name: 'x' })] as DomainEvent[] }], result: streamId }),
    })
  }

  it('replays status, resource id and token for the same key and body, writing nothing more', async () => {
    const key = ulidIds.newUlid()
    const first = await createWithKey(key, { name: 'x', tags: ['a'] })
    expect(first).toMatchObject({ ok: true, replayed: false })
    const again = await createWithKey(key, { tags: ['a'], name: 'x' })
    expect(again).toEqual({ ok: true, replayed: true, status: 200, resourceId: first.ok && !first.replayed ? first.result : '', token: first.ok ? first.token : '' })
  })

  it('refuses the same key with a different body as a conflict', async () => {
    const key = ulidIds.newUlid()
    await createWithKey(key, { name: 'x' })
    expect(await createWithKey(key, { name: 'y' })).toMatchObject({ ok: false, error: { kind: 'conflict', resource: 'idempotency_key', resourceId: key } })
  })

  it('lets exactly one of concurrent duplicates from several processes write; the others replay it', async () => {
    const key = ulidIds.newUlid()
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => createWithKey(key, { name: 'x' }, runnerWith())))
    const originals = outcomes.filter((outcome) => outcome.ok && !outcome.replayed)
    expect(originals).toHaveLength(1)
    const resourceId = originals[0]?.ok && !originals[0].replayed ? originals[0].result : undefined
    for (const outcome of outcomes.filter((o) => o.ok && o.replayed)) expect(outcome).toMatchObject({ resourceId })
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true)
  })

  it('keeps keys apart per principal', async () => {
    const key = ulidIds.newUlid()
    await createWithKey(key, { name: 'x' })
    const other = await runnerWith().run<string>({
      serializeOn: [],
      meta,
      idempotency: { organizationId: ORG, principalId: 'b'.repeat(32), key, requestHash: hashRequest('other'), resourceIdOf: (id) => id, status: 200 },
      plan: async () => ({ appends: [], result: 'none' }),
    })
    expect(other).toMatchObject({ ok: true, replayed: false })
  })
})

describe('metrics', () => {
  it('counts each outcome once and its latency', async () => {
    const counts: string[] = []
    const latencies: number[] = []
    const metrics = { count: (name: string) => void counts.push(name), milliseconds: (_: string, value: number) => void latencies.push(value) }
    const runner = createCommandRunner({ store, dynamo: tables, clock: systemClock, ids: ulidIds, metrics })
    const streamId = `${ORG}#counter#${ulidIds.newId()}`
    expect((await runner.run(tick(streamId, 'a'))).ok).toBe(true)
    const refused = await runner.run({ serializeOn: [streamId], meta, plan: async () => notFound('counter', 'x') })
    expect(refused.ok).toBe(false)
    expect(counts).toEqual(['CommandsSucceeded', 'CommandsRefused'])
    expect(latencies).toHaveLength(2)
  })
})
