// append.dynamodb_requests_per_command: DynamoDB write requests one command's append sends (target 1), counted by an
//   SDK middleware over several command shapes; the note lists each shape's total requests, reads included.
// append.p50_ratio_vs_putitem: a command run through the runner (one event, new stream: plan, validation,
//   envelope, one conditional PutItem) against a bare conditional PutItem of an item of the same size, same client,
//   warm-up, alternating pairs, median of 3 runs (target ≤ 1.3).
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { ulid } from 'ulid'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { systemClock, ulidIds } from '../../domain/core/ids.js'
import type { CommandRequest, RequestMeta } from '../../domain/core/ports.js'
import { lockPrincipal, registerPrincipal, unlockPrincipal } from '../../domain/core/principal/decide.js'
import { principalDecider, principalStreamId } from '../../domain/core/principal/evolve.js'
import { principalStatusExtras } from '../../domain/core/principal/items.js'
import { isDomainError } from '../../domain/core/errors.js'
import { coreOrganizationContributions } from '../../functions/core/coreContributions.js'
import { createOrganization } from '../../functions/core/organizations.js'
import { ensureTables, wrap } from '../../functions/store/dynamo.js'
import { hashRequest } from '../../functions/store/idempotency.js'
import { createStoreRuntime } from '../../functions/store/runtime.js'
import { tableNames } from '../../functions/store/tables.js'
import { alternatingRatio, localClient, type BenchContext, type Figure } from '../harness.js'

const WRITES = new Set(['PutItemCommand', 'TransactWriteItemsCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand'])
const meta: RequestMeta = { actor: SYSTEM_ACTORS.cli, requestId: 'bench', sourceIp: '127.0.0.1', userAgent: 'bench', surface: 'system' }

export async function run(context: BenchContext): Promise<Figure[]> {
  const client = localClient(context.endpoint)
  const tables = tableNames(`bench-append-${ulid().toLowerCase().slice(-8)}-`)
  await ensureTables(client, tables)
  const dynamo = wrap(client, tables)
  const { runner, store } = createStoreRuntime(dynamo)
  const org = ulidIds.newId()
  let sent: string[] = []
  client.middlewareStack.add((next, ctx) => async (args) => (sent.push(ctx.commandName as string), next(args)), { step: 'initialize', name: 'benchAppendRecorder' })

  const register = (principalId = ulidIds.newId()): CommandRequest<string> => {
    const streamId = principalStreamId(org, principalId)
    return {
      serializeOn: [streamId],
      meta,
      plan: async () => {
        const events = registerPrincipal({ status: 'absent' }, { principalId, organizationId: org, kind: 'user' })
        if (isDomainError(events)) return events
        return { appends: [{ streamId, events }], result: principalId }
      },
    }
  }
  const toggleLock = (principalId: string): CommandRequest<void> => {
    const streamId = principalStreamId(org, principalId)
    return {
      serializeOn: [streamId],
      meta,
      plan: async (ctx) => {
        const { state } = await ctx.load(principalDecider, streamId)
        const events = state.status === 'active' && state.locked ? unlockPrincipal(state) : lockPrincipal(state)
        if (isDomainError(events)) return events
        return { appends: [{ streamId, events }], extras: principalStatusExtras(org, principalId, events as never), result: undefined }
      },
    }
  }

  // Requests per command, by shape.
  const shapes: Array<[string, () => Promise<unknown>]> = [
    ['create (1 event, new stream)', () => runner.run(register())],
    ['update, stream not cached (tail Query, then event + status item)', async () => runner.run(toggleLock(await registered()))],
    ['update, stream written moments ago (event + status item)', () => runner.run(toggleLock(warmPrincipal))],
    ['create organization (3 streams, 4 items)', () => createOrganization({ runner, ids: ulidIds, clock: systemClock, contributions: coreOrganizationContributions }, { name: 'bench', owner: {} })],
    ['idempotent create (record in the same write)', () => runner.run({ ...register(), idempotency: { organizationId: org, principalId: org, key: ulid(), requestHash: hashRequest('x'), resourceIdOf: (id: string) => id, status: 200 } })],
  ]
  async function registered(): Promise<string> {
    const outcome = await runner.run(register())
    if (!outcome.ok || outcome.replayed) throw new Error('registration failed')
    sent = []
    return outcome.result
  }
  const warmPrincipal = await registered()
  await runner.run(toggleLock(warmPrincipal))
  let worstWrites = 0
  const cases: string[] = []
  for (const [name, command] of shapes) {
    const writes: number[] = []
    let total = 0
    for (let i = 0; i < 5; i++) {
      sent = []
      await command()
      writes.push(sent.filter((c) => WRITES.has(c)).length)
      total += sent.length
    }
    worstWrites = Math.max(worstWrites, ...writes)
    cases.push(`${name}: ${Math.max(...writes)} write, ${total / 5} requests in all`)
  }

  // Ratio against a bare conditional PutItem of the same size.
  const sample = (await store.readStream(principalStreamId(org, await registered())))[0]
  const baselineItem = () => ({ ...sample, streamId: principalStreamId(org, ulidIds.newId()), version: 1, org, meta: { ...sample?.meta, eventId: ulid() } })
  const bare = () => dynamo.doc.send(new PutCommand({ TableName: tables.events, Item: baselineItem(), ConditionExpression: 'attribute_not_exists(version)' }))
  const iterations = context.quick ? 90 : 600
  const warmup = context.quick ? 30 : 200
  const create = await alternatingRatio(() => runner.run(register()), bare, { iterations, warmup })
  const principalForUpdates = await registered()
  const update = await alternatingRatio(() => runner.run(toggleLock(principalForUpdates)), bare, { iterations: Math.floor(iterations / 4), warmup: 10 })
  client.destroy()
  return [
    { name: 'append.dynamodb_requests_per_command', value: worstWrites, unit: 'requests', note: `worst case of write requests per command; ${cases.join('; ')}` },
    {
      name: 'append.p50_ratio_vs_putitem',
      value: round(create.p50),
      unit: 'ratio',
      note: `runner command (1 event, new stream) p50 ${round(create.subjectP50Ms)} ms vs bare conditional PutItem ${round(create.baselineP50Ms)} ms, p99 ratio ${round(create.p99)}; ` +
        `for reference an update of a stream this process wrote moments ago (event + status item, one transaction) p50 ratio ${round(update.p50)}; ` +
        `${iterations} alternating pairs x 3 runs after ${warmup} warm-up pairs`,
    },
  ]
}

const round = (value: number) => Math.round(value * 100) / 100
