// Concurrency (issue 6, DESIGN §4): many commands at once on one aggregate, through the HTTP API, spread over two
// servers on the same tables with separate in-process stream locks (two Lambda containers), so that races are
// decided by DynamoDB's conditions and the runner's retries. Every run ends with exactly the acknowledged effects.
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeId } from '../../domain/core/ids.js'
import { groupStream } from '../../domain/scaleway/group/evolve.js'
import { quotaCounterKey } from '../../domain/scaleway/quota/quota.js'
import { createApp } from '../../functions/api/app.js'
import { surfaces } from '../../functions/api/surfaces.js'
import { scalewayHandlers } from '../../functions/api/scaleway/handlers/index.js'
import { createCommandRunner } from '../../functions/store/commandRunner.js'
import { createStreamLocks } from '../../functions/store/streamLocks.js'
import type { TestOrganization } from '../support/scalewayHarness.js'
import { createPrincipal } from './support/coreFixtures.js'
import { startKit, type Answer, type Kit } from './support/kit.js'

const SEED = 6
/** Past the api_keys quota (100), so that the quota decides the last creations. */
const KEY_CREATIONS = 130
const missing = (...operations: string[]) => operations.filter((operation) => !(operation in scalewayHandlers))
const skipReason = (...operations: string[]) => (missing(...operations).length ? ` (skipped: no handler for ${missing(...operations).join(', ')})` : '')

/** A seeded shuffle, so that a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const order = fc.sample(fc.shuffledSubarray([...items.keys()], { minLength: items.length, maxLength: items.length }), { seed, numRuns: 1 })[0]!
  return order.map((index) => items[index]!)
}

describe('concurrent commands on one aggregate', () => {
  let kit: Kit
  let org: TestOrganization
  let second: ServerType
  let servers: string[]

  beforeAll(async () => {
    kit = await startKit()
    org = await kit.newOrganization('concurrency')
    const { deps } = kit.h
    // Another container: the same tables and app, its own stream locks and fold cache.
    const runner = createCommandRunner({ store: deps.store, dynamo: deps.dynamo, clock: deps.clock, ids: deps.ids, locks: createStreamLocks() })
    second = serve({ fetch: createApp({ ...deps, runner }, surfaces).fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => second.once('listening', () => resolve()))
    servers = [kit.h.baseUrl, `http://127.0.0.1:${(second.address() as AddressInfo).port}`]
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => second?.close(() => resolve()))
    await kit?.expectCleanEnd()
    await kit?.close()
  })

  /** Command `index` goes to one server or the other; each test has an organization of its own (its quotas). */
  const send = (index: number, method: string, path: string, body?: unknown, as = org): Promise<Answer> =>
    kit.send({ method, path, ...(body !== undefined ? { body } : {}) }, { secretKey: as.secretKey, baseUrl: servers[index % servers.length] })

  it.skipIf(missing('CreateGroup', 'AddGroupMember', 'GetGroup').length > 0)(
    `200 concurrent adds to one group end with exactly the acknowledged members${skipReason('CreateGroup', 'AddGroupMember', 'GetGroup')}`,
    async () => {
      const group = await send(0, 'POST', '/iam/v1alpha1/groups', { name: 'crowded' })
      expect(group.status, group.text).toBe(200)
      // 100 applications (the members_per_group quota), each added twice: 200 commands on the group's stream.
      const members: string[] = []
      for (let batch = 0; batch < 4; batch++) {
        members.push(...(await Promise.all(Array.from({ length: 25 }, (_, i) => createPrincipal(kit.h.deps, org.organizationId, 'application', `member-${batch}-${i}`)))).map((created) => created.principalId))
      }
      const commands = shuffled([...members, ...members], SEED)
      const answers = await Promise.all(commands.map((member, index) => send(index, 'POST', `/iam/v1alpha1/groups/${group.json.id}/add-member`, { application_id: member })))

      const acknowledged = new Set(commands.filter((_, index) => answers[index]!.status === 200))
      const refused = answers.filter((answer) => answer.status !== 200)
      expect(refused.map((answer) => answer.status).filter((status) => status !== 409), refused.map((answer) => answer.text).join('\n')).toEqual([])
      expect(answers.length - refused.length).toBeGreaterThanOrEqual(190)

      const final = await send(0, 'GET', `/iam/v1alpha1/groups/${group.json.id}`)
      expect(new Set(final.json.application_ids)).toEqual(acknowledged)
      // Each member joined once: one membership event per acknowledged member, none for the repeated adds.
      const stream = groupStream(normalizeId(org.organizationId)!, normalizeId(group.json.id)!)
      const events = await kit.h.deps.store.readStream(stream)
      const added = events.filter((event) => event.type === 'ScwGroupMembersAdded').flatMap((event) => (event.data as { applicationIds?: string[] }).applicationIds ?? [])
      expect(added.length).toBe(acknowledged.size)
    },
  )

  it.skipIf(missing('CreateAPIKey', 'GetAPIKey').length > 0)(
    `${KEY_CREATIONS} concurrent key creations for one bearer stop exactly at the quota${skipReason('CreateAPIKey', 'GetAPIKey')}`,
    async () => {
      const keys = await kit.newOrganization('keys')
      const bearer = await createPrincipal(kit.h.deps, keys.organizationId, 'application', 'key-bearer')
      const counter = async () => {
        const { Item } = await kit.h.deps.dynamo.doc.send(new GetCommand({
          TableName: kit.h.deps.dynamo.tables.state, Key: quotaCounterKey(normalizeId(keys.organizationId)!, 'api_keys'), ConsistentRead: true,
        }))
        return Number(Item?.n ?? 0)
      }
      const before = await counter()
      const answers = await Promise.all(Array.from({ length: KEY_CREATIONS }, (_, index) => send(index, 'POST', '/iam/v1alpha1/api-keys', { application_id: bearer.principalId }, keys)))
      const created = answers.filter((answer) => answer.status === 200)
      const refused = answers.filter((answer) => answer.status !== 200)
      // Refused: past the quota, or (rarely) still contended after the runner's 3 s of retries.
      expect(refused.map((answer) => answer.json?.type).filter((type) => type !== 'quotas_exceeded' && type !== 'transient_state')).toEqual([])
      expect(created.length).toBeLessThanOrEqual(100 - before)
      expect(created.length).toBeGreaterThanOrEqual(0.95 * (100 - before))
      expect(await counter()).toBe(before + created.length)
      for (const answer of created) {
        const read = await send(0, 'GET', `/iam/v1alpha1/api-keys/${answer.json.access_key}`, undefined, keys)
        expect(read.status, read.text).toBe(200)
      }
    },
  )

  it.skipIf(missing('CreateGroup', 'ListGroups').length > 0)(
    `one name created 20 times at once is created once${skipReason('CreateGroup', 'ListGroups')}`,
    async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => send(index, 'POST', '/iam/v1alpha1/groups', { name: 'only-once' })))
      const created = answers.filter((answer) => answer.status === 200)
      expect(created).toHaveLength(1)
      expect(answers.filter((answer) => answer.status !== 200).map((answer) => `${answer.status} ${answer.json?.type}`)).toEqual(Array(19).fill('409 already_exists'))
      await kit.h.settle(created[0]!.headers.get('x-consistency-token'))
      const listed = await send(0, 'GET', '/iam/v1alpha1/groups?name=only-once&page_size=100')
      expect(listed.json.groups.filter((group: { name: string }) => group.name === 'only-once').map((group: { id: string }) => group.id)).toEqual([created[0]!.json.id])
    },
  )
})
