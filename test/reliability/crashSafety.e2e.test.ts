// Crash safety (issue 6): the real server process (`functions/local/main.ts`) on the run's DynamoDB Local, at least
// 50 creations in flight, SIGKILL at a seeded random moment, restart on the same tables; five rounds. Then: every
// acknowledged write is found by GET; nothing unacknowledged is half-applied (each creation's events, uniqueness
// reservations and quota counters agree); every projection equals a rebuild from the log.
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import fc from 'fast-check'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeToken } from '../../domain/core/consistency.js'
import { isDomainError } from '../../domain/core/errors.js'
import { parseStreamId } from '../../domain/core/events.js'
import { systemClock, toUuid, ulidIds } from '../../domain/core/ids.js'
import { quotaCounterKey } from '../../domain/scaleway/quota/quota.js'
import { projections } from '../../projections/index.js'
import { createOrganization } from '../../functions/core/organizations.js'
import { freePort } from '../../functions/local/dynamodbLocal.js'
import { createProjector, rebuild, type Projector } from '../../functions/projector/index.js'
import { EFFECTIVE_GRANTS } from '../../projections/effectiveGrants/index.js'
import { createCommandRunner } from '../../functions/store/commandRunner.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { cleanEnv, exitWithin, startServer, tempDir, waitForHealthy, type ServerProcess } from '../support/processes.js'
import { freshTables } from '../support/tables.js'
import { ed25519PublicKey } from './support/requests.js'
import { createSecretLedger } from './support/secrets.js'

const ROUNDS = 5
const IN_FLIGHT = 60
const SEED = 20260506
/** Milliseconds between a round's first acknowledged write and its kill, seeded. */
const KILL_AFTER = fc.sample(fc.integer({ min: 200, max: 1_500 }), { seed: SEED, numRuns: ROUNDS })

type Tables = Awaited<ReturnType<typeof freshTables>>
type Kind = 'group' | 'application' | 'ssh_key'

/** What each kind of creation writes: its route, its stream type, the quota counter it moves. */
const KINDS: Record<Kind, { path: string; body: (n: string) => unknown; stream: string; quota: 'groups' | 'applications' | 'ssh_keys'; limit: number }> = {
  group: { path: '/iam/v1alpha1/groups', body: (n) => ({ name: `g-${n}` }), stream: 'scw-group', quota: 'groups', limit: 50 },
  application: { path: '/iam/v1alpha1/applications', body: (n) => ({ name: `a-${n}` }), stream: 'scw-application', quota: 'applications', limit: 100 },
  ssh_key: { path: '/iam/v1alpha1/ssh-keys', body: (n) => ({ name: `k-${n}`, public_key: ed25519PublicKey() }), stream: 'scw-ssh-key', quota: 'ssh_keys', limit: 50 },
}

interface Organization {
  organizationId: string
  secretKey: string
}

interface Acknowledged {
  org: Organization
  kind: Kind
  id: string
  name: string
}

async function scan(tables: Tables, table: string): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await tables.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }))
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return items
}

/** A projection version's items with the version taken out of their keys, in key order. */
function dump(items: Array<Record<string, any>>, name: string, version: number): Array<Record<string, unknown>> {
  const tag = `${name}@${version}`
  return items
    .flatMap(({ _rev, pk, sk, ...rest }) => {
      if (String(pk).split('#')[1] === tag) return [{ pk: String(pk).replace(`#${tag}#`, '#X#'), sk, ...rest }]
      if (sk === tag) return [{ pk, sk: 'X', ...rest }]
      return []
    })
    .sort((a, b) => (`${a.pk}|${a.sk}` < `${b.pk}|${b.sk}` ? -1 : 1))
}

describe('crash safety of the server process', () => {
  let tables: Tables
  let dir: string
  let server: ServerProcess | undefined
  const logs: string[] = []
  const ledger = createSecretLedger()
  const acknowledged: Acknowledged[] = []
  const organizations: Organization[] = []

  const env = () =>
    cleanEnv({
      DYNAMODB_ENDPOINT: tables.endpoint,
      IAM_TABLE_PREFIX: tables.prefix,
      IAM_KEY_FILE: join(dir, 'master.key'),
      IAM_AUTH_FAIL_LIMIT: '10000',
      IAM_SWEEP_INTERVAL_SECONDS: '0',
    })

  async function start(): Promise<ServerProcess> {
    server = startServer({ env: env(), cwd: dir, port: await freePort() })
    await waitForHealthy(server)
    return server
  }

  function keep(process: ServerProcess): void {
    logs.push(process.stdout(), process.stderr())
  }

  /** A new organization each round (its quotas bound the creations), made the way the CLI makes one. */
  async function newOrganization(): Promise<{ org: Organization; token: string }> {
    const store = createEventStore(tables, { clock: systemClock, ids: ulidIds })
    const runner = createCommandRunner({ store, dynamo: tables, clock: systemClock, ids: ulidIds })
    const created = await createOrganization({ runner, ids: ulidIds, clock: systemClock }, { name: `crash-${organizations.length}`, owner: {} })
    if (isDomainError(created)) throw new Error(JSON.stringify(created))
    ledger.add(created.secretKey, 'organization owner key')
    const org = { organizationId: toUuid(created.organizationId), secretKey: created.secretKey }
    organizations.push(org)
    return { org, token: created.token }
  }

  const call = (url: string, org: Organization, method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { 'X-Auth-Token': org.secretKey, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  /** Reads the watermarks the server's projector writes. */
  let watcher: Projector

  beforeAll(async () => {
    tables = await freshTables('crash')
    dir = tempDir('crash')
    watcher = createProjector({ dynamo: tables, projections })
  })

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  })

  const inFlightAtKill: number[] = []

  it(`keeps every acknowledged write and half-applies nothing over ${ROUNDS} SIGKILLs with ${IN_FLIGHT} writes in flight`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { org, token } = await newOrganization()
      const running = await start()
      // The owner's grants are projected by the server's projector: wait until they cover the organization's creation.
      expect(await watcher.waitFor(EFFECTIVE_GRANTS, token, 60_000)).toBe(true)

      let inFlight = 0
      let killed = false
      let firstAcknowledged = () => {}
      const acknowledging = new Promise<void>((resolve) => (firstAcknowledged = resolve))
      let sequence = 0
      const worker = async (index: number) => {
        const kind = (['group', 'application', 'ssh_key'] as const)[index % 3]!
        while (!killed) {
          const name = `r${round}-${index}-${sequence++}`
          inFlight++
          try {
            const response = await call(running.url, org, 'POST', KINDS[kind].path, KINDS[kind].body(name))
            const body = (await response.json()) as { id?: string; name?: string; type?: string }
            if (response.status === 200) {
              acknowledged.push({ org, kind, id: body.id as string, name: body.name as string })
              firstAcknowledged()
            }
            else if (body.type === 'quotas_exceeded') return
            else expect.fail(`${kind} creation refused: ${response.status} ${JSON.stringify(body)}`)
          } catch {
            return // the server died under this request: it may or may not have been applied
          } finally {
            inFlight--
          }
        }
      }
      const workers = Array.from({ length: IN_FLIGHT }, (_, index) => worker(index))
      await Promise.race([acknowledging, Promise.allSettled(workers)])
      await new Promise((resolve) => setTimeout(resolve, KILL_AFTER[round]))
      while (inFlight < 50 && !killed) await new Promise((resolve) => setTimeout(resolve, 5))
      const atKill = inFlight
      running.child.kill('SIGKILL')
      killed = true
      expect(await running.exited).toMatchObject({ signal: 'SIGKILL' })
      await Promise.all(workers)
      keep(running)
      inFlightAtKill.push(atKill)
      expect(atKill, `writes in flight when round ${round} was killed`).toBeGreaterThanOrEqual(50)
    }
    expect(acknowledged.length).toBeGreaterThan(0)

    // Restarted on the same tables: every acknowledged creation is there, as acknowledged.
    const final = await start()
    for (const write of acknowledged) {
      const response = await call(final.url, write.org, 'GET', `${KINDS[write.kind].path}/${write.id}`)
      expect(response.status, `${write.kind} ${write.id} acknowledged before a crash`).toBe(200)
      expect(((await response.json()) as { name: string }).name).toBe(write.name)
    }

    // Nothing half-applied: per organization and kind, live aggregates = quota counter = reservations.
    const events = await scan(tables, tables.tables.events)
    const state = await scan(tables, tables.tables.state)
    const heads = new Map<string, number>()
    for (const event of events) heads.set(event.streamId, Math.max(heads.get(event.streamId) ?? 0, Number(event.version)))
    for (const org of organizations) {
      const canonical = org.organizationId.replaceAll('-', '')
      for (const [kind, spec] of Object.entries(KINDS)) {
        const streams = new Map<string, string[]>()
        for (const event of events) {
          const parsed = parseStreamId(event.streamId)
          if (parsed?.organizationId !== canonical || parsed.aggregateType !== spec.stream) continue
          streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event.type])
        }
        const live = [...streams.values()].filter((types) => !types.some((type) => type.endsWith('Deleted'))).length
        const counter = state.find((item) => item.pk === quotaCounterKey(canonical, spec.quota).pk && item.sk === quotaCounterKey(canonical, spec.quota).sk)
        expect(Number(counter?.n ?? 0), `${kind} quota counter of ${org.organizationId}`).toBe(live)
        expect(live).toBeLessThanOrEqual(spec.limit)
        if (kind === 'group') expect(state.filter((item) => item.pk === `${canonical}#scw-group-name`).length, 'group name reservations').toBe(live)
        if (kind === 'ssh_key') expect(state.filter((item) => item.pk === `${canonical}#scw-ssh-key`).length, 'SSH key reservations').toBe(live)
        if (kind === 'application') {
          // An application is a principal too: its principal stream and status item came in the same request.
          for (const streamId of streams.keys()) {
            const id = parseStreamId(streamId).aggregateId
            expect(heads.has(`${canonical}#principal#${id}`), `principal stream of application ${id}`).toBe(true)
            expect(state.some((item) => item.pk === `${canonical}#principal#${id}` && item.sk === 'status'), `status item of application ${id}`).toBe(true)
          }
        }
      }
    }

    // The restarted projector catches up with the whole log; then each projection equals a rebuild from the log.
    const projector = watcher
    const everything = encodeToken([...heads])
    for (const projection of projections) expect(await projector.waitFor(projection.name, everything, 60_000), `${projection.name} caught up`).toBe(true)
    final.child.kill('SIGTERM')
    expect(await exitWithin(final.exited, 10_000)).toEqual({ code: 0, signal: null })
    keep(final)
    const live = await scan(tables, tables.tables.read)
    const versions = new Map<string, number>()
    for (const projection of projections) versions.set(projection.name, await projector.pointer.current(projection.name, { fresh: true }))
    const rebuilt = await Promise.all(projections.map((projection) => rebuild(projector, projection.name)))
    const after = await scan(tables, tables.tables.read)
    for (const result of rebuilt) {
      expect(dump(after, result.projection, result.to), `projection ${result.projection}`).toEqual(dump(live, result.projection, versions.get(result.projection)!))
    }

    console.log(`crash safety: ${acknowledged.length} acknowledged creations; in flight at each kill: ${inFlightAtKill.join(', ')}; ` +
      `rebuilt and compared: ${rebuilt.map((result) => `${result.projection} (${dump(after, result.projection, result.to).length} items)`).join(', ')}`)

    // And no secret in clear in the tables or in the server's logs.
    expect([...(await ledger.scanTables(tables)), ...ledger.scanText(logs.join('\n'), 'server logs')]).toEqual([])
  }, 240_000)
})
