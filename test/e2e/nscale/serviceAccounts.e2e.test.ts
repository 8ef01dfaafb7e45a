// nscale service accounts over HTTP (spec §3.2 #20–24, §4.7): the token is shown once and works at once, rotation
// revokes the old token at once, delete revokes it, an expired token is refused at request time (401) and the
// sweep appends exactly one CredentialExpired; membership lives on the groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fold } from '../../../domain/core/decider.js'
import { credentialStreamId } from '../../../domain/core/credential/evolve.js'
import { isDomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { toUuid, ulidIds } from '../../../domain/core/ids.js'
import { groupDecider, groupStreamId, planCreateGroup, type GroupEvent } from '../../../domain/nscale/group/index.js'
import { serviceAccountDecider, serviceAccountStreamId } from '../../../domain/nscale/serviceAccount/evolve.js'
import type { ServiceAccountEvent } from '../../../domain/nscale/serviceAccount/events.js'
import { sweepExpiredCredentials } from '../../../functions/sweeps/sweep.js'
import { startResourceHarness, type ResourceHarness } from './resourceFixtures.js'

let r: ResourceHarness
beforeAll(async () => {
  r = await startResourceHarness({ as: 'owner' })
}, 60_000)
afterAll(async () => {
  await r?.h.close()
})

const O = () => `/api/v1/organizations/${toUuid(r.org)}`
const DAY = 86_400_000

interface ServiceAccountBody {
  metadata: { id: string; name: string; organizationId: string; createdBy: string; modifiedBy?: string }
  spec: { groupIDs: string[] }
  status: { expiry: string; accessToken?: string }
}

async function create(name: string, groupIDs: string[] = []): Promise<ServiceAccountBody & { token: string; consistency: string }> {
  const response = await r.api(`${O()}/serviceaccounts`, { method: 'POST', body: { metadata: { name }, spec: { groupIDs } } })
  expect(response.status).toBe(201)
  const body = (await response.json()) as ServiceAccountBody
  return { ...body, token: body.status.accessToken!, consistency: response.headers.get('x-consistency-token')! }
}

async function group(name: string): Promise<string> {
  const id = ulidIds.newId()
  const outcome = await r.h.deps.runner.run({
    serializeOn: [],
    meta: { actor: SYSTEM_ACTORS.cli, requestId: ulidIds.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' },
    plan: async () => {
      const writes = planCreateGroup({ deleted: false }, {
        id, organizationId: r.org, metadata: { name }, spec: { roleIds: [], userIds: [], serviceAccountIds: [] }, now: new Date(), by: 'e2e',
      })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    },
  })
  if (!outcome.ok) throw new Error(JSON.stringify(outcome))
  return id
}

async function groupMembers(groupId: string): Promise<string[]> {
  const stream = groupStreamId(r.org, groupId)
  const events = (await r.h.deps.store.load([stream])).get(stream) ?? []
  return fold(groupDecider, events as unknown as GroupEvent[]).group?.serviceAccountIds ?? []
}

describe('nscale service accounts', () => {
  it('are created with a 90-day token shown once, which works at once', async () => {
    const before = Date.now()
    const account = await create('ci-bot')
    expect(account).toMatchObject({
      metadata: { name: 'ci-bot', organizationId: toUuid(r.org), provisioningStatus: 'provisioned', healthStatus: 'healthy', createdBy: expect.any(String) },
      spec: { groupIDs: [] },
      status: { expiry: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), accessToken: expect.any(String) },
    })
    const expiry = Date.parse(account.status.expiry)
    expect(expiry).toBeGreaterThanOrEqual(before + 90 * DAY - 1000)
    expect(expiry).toBeLessThanOrEqual(Date.now() + 90 * DAY)

    // With no grants, a service account lists only itself (spec #20), with no token.
    const self = await r.api(`${O()}/serviceaccounts`, { token: account.token })
    expect(self.status).toBe(200)
    const listed = (await self.json()) as ServiceAccountBody[]
    expect(listed.map((item) => item.metadata.id)).toEqual([account.metadata.id])
    expect(listed[0]!.status.accessToken).toBeUndefined()

    const all = await r.api(`${O()}/serviceaccounts`, { headers: { 'X-Consistency-Token': account.consistency } })
    const items = (await all.json()) as ServiceAccountBody[]
    expect(items.map((item) => item.metadata.id)).toContain(account.metadata.id)
    expect(items.map((item) => item.metadata.id)).toEqual([...items.map((item) => item.metadata.id)].sort())
    expect(items.every((item) => item.status.accessToken === undefined)).toBe(true)
    // The secret is in no event.
    const stream = serviceAccountStreamId(r.org, account.metadata.id.replaceAll('-', ''))
    expect(JSON.stringify(await r.h.deps.store.readStream(stream))).not.toContain(account.token)
  })

  it('rotate: the new token works and the old one fails at once, whether an admin or the account itself rotates', async () => {
    const account = await create('rotating')
    const rotate = (token?: string) => r.api(`${O()}/serviceaccounts/${account.metadata.id}/rotate`, { method: 'POST', ...(token ? { token } : {}) })

    const byAdmin = await rotate()
    expect(byAdmin.status).toBe(200)
    const second = ((await byAdmin.json()) as ServiceAccountBody).status.accessToken!
    expect(second).not.toBe(account.token)
    expect((await r.api(`${O()}/serviceaccounts`, { token: account.token })).status).toBe(401)
    expect((await r.api(`${O()}/serviceaccounts`, { token: second })).status).toBe(200)

    const bySelf = await rotate(second)
    expect(bySelf.status).toBe(200)
    const third = (await bySelf.json()) as ServiceAccountBody
    expect(third).toMatchObject({ metadata: { id: account.metadata.id, modifiedBy: expect.any(String) }, status: { accessToken: expect.any(String) } })
    expect((await r.api(`${O()}/serviceaccounts`, { token: second })).status).toBe(401)
    expect((await r.api(`${O()}/serviceaccounts`, { token: third.status.accessToken! })).status).toBe(200)

    // Other services authenticate callers through userinfo (spec §5.10): `sub` is the account's id, and a
    // rotated-away token is refused there too.
    const userinfo = (token: string) => fetch(`${r.h.baseUrl}/oauth2/v2/userinfo`, { headers: { authorization: `Bearer ${token}` } })
    const who = await userinfo(third.status.accessToken!)
    expect(who.status).toBe(200)
    expect(await who.json()).toEqual({ sub: account.metadata.id })
    expect((await userinfo(second)).status).toBe(401)

    // Another account may not rotate it without a grant.
    const other = await create('bystander')
    expect((await rotate(other.token)).status).toBe(403)
  })

  it('update their metadata, keep their token, and refuse a duplicate name (409)', async () => {
    const account = await create('renamed-from')
    await create('taken-name')
    const updated = await r.api(`${O()}/serviceaccounts/${account.metadata.id}`, {
      method: 'PUT', body: { metadata: { name: 'renamed-to', description: 'deploys' }, spec: { groupIDs: [] } },
    })
    expect(updated.status).toBe(200)
    expect(await updated.json()).toMatchObject({ metadata: { name: 'renamed-to', description: 'deploys' }, status: { expiry: account.status.expiry } })
    expect((await r.api(`${O()}/serviceaccounts`, { token: account.token })).status).toBe(200)
    const taken = await r.api(`${O()}/serviceaccounts/${account.metadata.id}`, { method: 'PUT', body: { metadata: { name: 'taken-name' }, spec: { groupIDs: [] } } })
    expect(taken.status).toBe(409)
    expect(await taken.json()).toMatchObject({ error: 'conflict' })
    const unknown = await r.api(`${O()}/serviceaccounts/${toUuid(ulidIds.newId())}`, { method: 'PUT', body: { metadata: { name: 'x' }, spec: { groupIDs: [] } } })
    expect(unknown.status).toBe(404)
  })

  it('join and leave groups through spec.groupIDs, the groups holding the membership', async () => {
    const first = await group('sa-group-a')
    const second = await group('sa-group-b')
    const account = await create('grouped', [toUuid(first)])
    const id = account.metadata.id.replaceAll('-', '')
    expect(account.spec.groupIDs).toEqual([toUuid(first)])
    expect(await groupMembers(first)).toEqual([id])

    // Groups own membership and their list is a projection: a reconciliation sees what its projection covers.
    await r.h.settle(account.consistency)
    const moved = await r.api(`${O()}/serviceaccounts/${account.metadata.id}`, { method: 'PUT', body: { metadata: { name: 'grouped' }, spec: { groupIDs: [toUuid(second)] } } })
    expect(moved.status).toBe(200)
    expect(await moved.json()).toMatchObject({ spec: { groupIDs: [toUuid(second)] } })
    expect([await groupMembers(first), await groupMembers(second)]).toEqual([[], [id]])
    await r.h.settle(moved.headers.get('x-consistency-token'))
    const list = await r.api(`${O()}/serviceaccounts`)
    expect(((await list.json()) as ServiceAccountBody[]).find((item) => item.metadata.id === account.metadata.id)?.spec.groupIDs).toEqual([toUuid(second)])

    const missing = await r.api(`${O()}/serviceaccounts`, { method: 'POST', body: { metadata: { name: 'no-group' }, spec: { groupIDs: [toUuid(ulidIds.newId())] } } })
    expect(missing.status).toBe(400)

    const deleted = await r.api(`${O()}/serviceaccounts/${account.metadata.id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await groupMembers(second)).toEqual([])
  })

  it('are deleted with their token (200), after which the token fails and the id is unknown', async () => {
    const account = await create('doomed')
    const deleted = await r.api(`${O()}/serviceaccounts/${account.metadata.id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect(await deleted.text()).toBe('')
    expect((await r.api(`${O()}/serviceaccounts`, { token: account.token })).status).toBe(401)
    expect((await r.api(`${O()}/serviceaccounts/${account.metadata.id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await r.api(`${O()}/serviceaccounts/${account.metadata.id}/rotate`, { method: 'POST' })).status).toBe(404)
    const list = await r.api(`${O()}/serviceaccounts`, { headers: { 'X-Consistency-Token': deleted.headers.get('x-consistency-token')! } })
    expect(((await list.json()) as ServiceAccountBody[]).map((item) => item.metadata.id)).not.toContain(account.metadata.id)
    // The name is free again.
    await create('doomed')
  })

  it('refuse another tenant: its accounts see nothing here and append nothing', async () => {
    const other = await r.h.createOrganization('sa-other')
    const outsider = await r.serviceAccountIssuedAt(new Date(), other.organizationId.replaceAll('-', ''))
    await r.h.settle(outsider.tokenSettle)
    const events = await r.h.eventCount(r.org)
    expect((await r.api(`${O()}/serviceaccounts`, { token: outsider.token })).status).toBe(403)
    expect((await r.api(`${O()}/serviceaccounts`, { method: 'POST', token: outsider.token, body: { metadata: { name: 'intruder' }, spec: { groupIDs: [] } } })).status).toBe(403)
    expect((await r.api(`${O()}/serviceaccounts/${toUuid(outsider.id)}/rotate`, { method: 'POST', token: outsider.token })).status).toBe(403)
    expect(await r.h.eventCount(r.org)).toBe(events)
  })

  it('refuse an expired token at request time (401), and the sweep expires it exactly once', async () => {
    const expired = await r.serviceAccountIssuedAt(new Date(Date.now() - 91 * DAY))
    await r.h.settle(expired.tokenSettle)
    const refused = await r.api(`${O()}/serviceaccounts`, { token: expired.token })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ error: 'access_denied' })

    const { deps } = r.h
    const sweep = () => sweepExpiredCredentials({ dynamo: deps.dynamo, runner: deps.runner, readStore: deps.readStore, clock: deps.clock, ids: deps.ids })
    expect(await sweep()).toMatchObject({ expired: 1, failed: 0 })
    expect(await sweep()).toMatchObject({ expired: 0, failed: 0 })
    const stream = serviceAccountStreamId(r.org, expired.id)
    const account = fold(serviceAccountDecider, (await deps.store.readStream(stream)) as unknown as ServiceAccountEvent[])
    const events = await deps.store.readStream(credentialStreamId(r.org, account.account!.credentialId))
    expect(events.filter((event) => event.type === 'CredentialExpired')).toHaveLength(1)
    expect((await r.api(`${O()}/serviceaccounts`, { token: expired.token })).status).toBe(401)

    // Rotation gives it a working token again.
    const rotated = await r.api(`${O()}/serviceaccounts/${toUuid(expired.id)}/rotate`, { method: 'POST' })
    expect(rotated.status).toBe(200)
    expect((await r.api(`${O()}/serviceaccounts`, { token: ((await rotated.json()) as ServiceAccountBody).status.accessToken! })).status).toBe(200)
  })
})
