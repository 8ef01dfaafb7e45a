// The expiry sweep on DynamoDB Local: credentials past expiry are found through the expiry index and expired exactly
// once, by the local function (twice at once, as two processes), by the Lambda handler with a scheduled event, and
// by `iam sweep`.
import { join } from 'node:path'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { Context, ScheduledEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCredential } from '../../domain/core/credential/decide.js'
import { credentialStreamId } from '../../domain/core/credential/evolve.js'
import { credentialItemExtras } from '../../domain/core/credential/items.js'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS, type StoredEvent } from '../../domain/core/events.js'
import { ulidIds, type Clock } from '../../domain/core/ids.js'
import type { EventStore, RequestMeta } from '../../domain/core/ports.js'
import { authenticateSecret } from '../../functions/auth/credentials.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { rebuild } from '../../functions/projector/rebuild.js'
import { createReadStore } from '../../functions/projector/readStore.js'
import { createCommandRunner } from '../../functions/store/commandRunner.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { newAccessKey, newSecretUuid, sha256Hex } from '../../functions/store/secrets.js'
import { createStreamLocks } from '../../functions/store/streamLocks.js'
import { readSweepCursor } from '../../functions/sweeps/cursor.js'
import { sweepExpiredCredentials, type SweepDeps } from '../../functions/sweeps/sweep.js'
import { credentialExpiry, CREDENTIAL_EXPIRY } from '../../projections/credentialExpiry.js'
import { cleanEnv, runCli, tempDir } from '../support/processes.js'
import { freshTables } from '../support/tables.js'
import { newId } from './grants.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

const META: RequestMeta = { actor: { kind: 'user', id: 'sweep-test' }, requestId: 'sweep-test', sourceIp: '127.0.0.1', userAgent: 'vitest', surface: 'scaleway' }
const HOUR = 3_600_000
const DAY = 24 * HOUR

const fixedClock = (time: Date): Clock => ({ now: () => new Date(time) })

/** Issues keys as of `issuedAt` (so that their expiry may already be past) and projects them into the expiry index. */
class Keys {
  readonly org = newId()
  readonly principal = newId()
  readonly store: EventStore
  readonly projector: Projector

  constructor(readonly dynamo: Dyn) {
    this.store = createEventStore(dynamo, { clock: { now: () => new Date() }, ids: ulidIds })
    this.projector = createProjector({ dynamo, projections: [credentialExpiry] })
  }

  async issue(issuedAt: Date, expiresAt?: Date): Promise<{ credentialId: string; secret: string }> {
    const credentialId = newId()
    const secret = newSecretUuid()
    const events = issueCredential({ status: 'absent' }, {
      credentialId, organizationId: this.org, principalId: this.principal, principalKind: 'user', kind: 'scaleway_api_key',
      accessKey: newAccessKey(), expiresAt, now: issuedAt,
    })
    if (isDomainError(events)) throw new Error(JSON.stringify(events))
    const outcome = await this.store.append(
      [{ streamId: credentialStreamId(this.org, credentialId), expectedVersion: 0, events }],
      credentialItemExtras({ status: 'absent' }, events, { hash: sha256Hex(secret) }),
      META,
    )
    if (!('positions' in outcome)) throw new Error(JSON.stringify(outcome))
    return { credentialId, secret }
  }

  async revoke(credentialId: string): Promise<void> {
    const streamId = credentialStreamId(this.org, credentialId)
    const outcome = await this.store.append([{ streamId, expectedVersion: 1, events: [{ type: 'CredentialRevoked', data: { credentialId } }] }], [], META)
    if (!('positions' in outcome)) throw new Error(JSON.stringify(outcome))
  }

  async events(credentialId: string): Promise<StoredEvent[]> {
    return this.store.readStream(credentialStreamId(this.org, credentialId))
  }

  /** Projects every event of these credentials (the projector skips what it has applied). */
  async project(credentialIds: readonly string[]): Promise<void> {
    for (const id of credentialIds) await this.projector.handle(await this.events(id))
  }
}

/** A sweep as one process runs it: its own runner, stream locks and fold cache. */
function sweeper(dynamo: Dyn, projector: Projector, clock: Clock): SweepDeps {
  const store = createEventStore(dynamo, { clock, ids: ulidIds })
  return {
    dynamo,
    clock,
    ids: ulidIds,
    runner: createCommandRunner({ store, dynamo, clock, ids: ulidIds, locks: createStreamLocks() }),
    readStore: createReadStore(dynamo, projector.pointer),
  }
}

const expiredEvents = (events: StoredEvent[]) => events.filter((event) => event.type === 'CredentialExpired')

/** The expiry index's items of one projection version, keys written without the version. */
async function indexItems(dynamo: Dyn, version: number): Promise<Array<Record<string, unknown>>> {
  const tag = `#${CREDENTIAL_EXPIRY}@${version}#`
  const items: Array<Record<string, unknown>> = []
  let start: Record<string, unknown> | undefined
  do {
    const out = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tables.read, ExclusiveStartKey: start, ConsistentRead: true }))
    for (const { _rev, ...item } of out.Items ?? []) if (String(item.pk).includes(tag)) items.push({ ...item, pk: String(item.pk).replace(tag, '#') })
    start = out.LastEvaluatedKey
  } while (start)
  return items.sort((a, b) => `${a.pk} ${a.sk}`.localeCompare(`${b.pk} ${b.sk}`))
}

describe('the local sweep', () => {
  let dynamo: Dyn
  let keys: Keys
  const now = new Date()
  const all: string[] = []
  let expiredIds: string[]
  let revoked: string
  let future: string
  let expiredSecret: string

  beforeAll(async () => {
    dynamo = await freshTables('sweep')
    keys = new Keys(dynamo)
    // Past expiry: an hour ago, yesterday and ten days ago (a day the sweep has never looked at).
    const issued = await Promise.all([
      keys.issue(new Date(now.getTime() - 2 * HOUR), new Date(now.getTime() - HOUR)),
      keys.issue(new Date(now.getTime() - 2 * DAY), new Date(now.getTime() - DAY)),
      keys.issue(new Date(now.getTime() - 20 * DAY), new Date(now.getTime() - 10 * DAY)),
    ])
    expiredIds = issued.map(({ credentialId }) => credentialId)
    expiredSecret = issued[0]!.secret
    revoked = (await keys.issue(new Date(now.getTime() - 2 * HOUR), new Date(now.getTime() - HOUR))).credentialId
    await keys.revoke(revoked)
    future = (await keys.issue(now, new Date(now.getTime() + DAY))).credentialId
    const forever = (await keys.issue(now)).credentialId
    all.push(...expiredIds, revoked, future, forever)
    await keys.project(all)
  })

  it('refuses an expired key at authentication before any sweep ran', async () => {
    expect(await authenticateSecret(dynamo, expiredSecret, new Date())).toEqual({ ok: false, reason: 'expired' })
  })

  it('expires each key past expiry exactly once when two sweeps run at once', async () => {
    const clock = fixedClock(now)
    const [a, b] = await Promise.all([
      sweepExpiredCredentials(sweeper(dynamo, keys.projector, clock)),
      sweepExpiredCredentials(sweeper(dynamo, keys.projector, clock)),
    ])
    expect(a.expired + b.expired).toBe(3)
    expect(a.failed + b.failed).toBe(0)
    for (const id of expiredIds) {
      const expired = expiredEvents(await keys.events(id))
      expect(expired).toHaveLength(1)
      expect(expired[0]!.meta).toMatchObject({ actor: SYSTEM_ACTORS.sweep, surface: 'system', userAgent: 'iam-sweep' })
    }
    for (const id of [revoked, future]) expect(expiredEvents(await keys.events(id))).toEqual([])
  })

  it('appends nothing when run again, and finds nothing once the index has caught up', async () => {
    // The first run settled the days before yesterday: the ten-day-old entry is no longer looked at.
    const again = await sweepExpiredCredentials(sweeper(dynamo, keys.projector, fixedClock(now)))
    expect(again).toEqual({ expired: 0, examined: 2, failed: 0 })
    await keys.project(all)
    const settled = await sweepExpiredCredentials(sweeper(dynamo, keys.projector, fixedClock(now)))
    expect(settled).toEqual({ expired: 0, examined: 0, failed: 0 })
    for (const id of expiredIds) expect(expiredEvents(await keys.events(id))).toHaveLength(1)
  })

  it('sets the credential item to expired, and remembers the settled days', async () => {
    expect(await authenticateSecret(dynamo, expiredSecret, new Date(0))).toEqual({ ok: false, reason: 'expired' })
    const through = new Date(now.getTime() - 2 * DAY).toISOString().slice(0, 10)
    expect(await readSweepCursor(dynamo)).toBe(through)
  })

  it('expires a key whose expiry comes later, once that time has passed', async () => {
    const later = fixedClock(new Date(now.getTime() + 2 * DAY))
    expect(await sweepExpiredCredentials(sweeper(dynamo, keys.projector, later))).toMatchObject({ expired: 1, failed: 0 })
    expect(expiredEvents(await keys.events(future))).toHaveLength(1)
  })

  it('rebuilds from the log into the index it had', async () => {
    await keys.project(all)
    const before = await indexItems(dynamo, 1)
    expect(before.length).toBeGreaterThan(0)
    const { to } = await rebuild(keys.projector, CREDENTIAL_EXPIRY)
    expect(await indexItems(dynamo, to)).toEqual(before)
  })
})

describe('the sweep Lambda handler', () => {
  type Handler = (event: Partial<ScheduledEvent>, context: Context) => Promise<{ expired: number; examined: number; failed: number }>
  const saved: Record<string, string | undefined> = {}
  let handler: Handler
  let keys: Keys

  beforeAll(async () => {
    const dynamo = await freshTables('sweeplambda')
    keys = new Keys(dynamo)
    for (const [name, value] of Object.entries({ DYNAMODB_ENDPOINT: dynamo.endpoint, IAM_TABLE_PREFIX: dynamo.prefix, POWERTOOLS_METRICS_DISABLED: 'true' })) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
    ;({ handler } = (await import('../../functions/sweeps/lambda.js')) as unknown as { handler: Handler })
  })

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  /** What EventBridge Scheduler (as the stack configures its input) or a scheduled rule delivers. */
  const scheduled = (): ScheduledEvent => ({
    version: '0',
    id: newId(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: ['arn:aws:scheduler:eu-west-1:123456789012:schedule/default/iam-sweep'],
    detail: {},
  })
  const context = { awsRequestId: 'sweep-invocation', functionName: 'iam-sweep' } as Context

  it('expires the keys past expiry once, however often it is invoked', async () => {
    const now = Date.now()
    const past = await Promise.all([0, 1].map(() => keys.issue(new Date(now - 3 * HOUR), new Date(now - HOUR))))
    const live = await keys.issue(new Date(now), new Date(now + DAY))
    const ids = [...past.map(({ credentialId }) => credentialId), live.credentialId]
    await keys.project(ids)

    const first = await handler(scheduled(), context)
    expect(first).toEqual({ expired: 2, examined: 2, failed: 0 })
    const [second, third] = await Promise.all([handler(scheduled(), context), handler(scheduled(), context)])
    expect(second.expired + third.expired).toBe(0)
    for (const { credentialId } of past) expect(expiredEvents(await keys.events(credentialId))).toHaveLength(1)
    expect(expiredEvents(await keys.events(live.credentialId))).toEqual([])
  })
})

describe('iam sweep', () => {
  it('expires the keys past expiry once and prints {"expired": n} with --json', { timeout: 120_000 }, async () => {
    const dynamo = await freshTables('sweepcli')
    const keys = new Keys(dynamo)
    const now = Date.now()
    const { credentialId } = await keys.issue(new Date(now - 3 * HOUR), new Date(now - HOUR))
    await keys.project([credentialId])
    const dir = tempDir('sweepcli')
    const env = cleanEnv({ DYNAMODB_ENDPOINT: dynamo.endpoint, IAM_TABLE_PREFIX: dynamo.prefix, IAM_KEY_FILE: join(dir, 'master.key') })

    const first = await runCli(['sweep', '--json'], { env, cwd: dir })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toBe('{"expired":1}\n')
    const again = await runCli(['sweep', '--json'], { env, cwd: dir })
    expect(again.stdout).toBe('{"expired":0}\n')
    expect(expiredEvents(await keys.events(credentialId))).toHaveLength(1)
  })
})
