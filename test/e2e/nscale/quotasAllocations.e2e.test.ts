// nscale quotas and allocations over HTTP (spec §3.2 #44–50, §7): defaults from configuration, usage summed over
// every allocation of the organization, over-quota writes refused (400) with nothing appended, and concurrent
// allocations that never exceed a quota (the counters are conditioned in the same transaction as the events).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toUuid } from '../../../domain/core/ids.js'
import { startResourceHarness, type ResourceHarness } from './resourceFixtures.js'

let r: ResourceHarness
beforeAll(async () => {
  r = await startResourceHarness()
}, 60_000)
afterAll(async () => {
  await r?.h.close()
})

const O = () => `/api/v1/organizations/${toUuid(r.org)}`
const allocation = (id: string, gpus: number, reserved = 0) => ({
  metadata: { name: 'undefined' },
  spec: { kind: 'kubernetescluster', id, allocations: [{ kind: 'gpus', committed: gpus, reserved }] },
})
type QuotaRead = { kind: string; quantity: number; used: number; free: number; committed: number; reserved: number }
const quota = async (org = O()): Promise<Record<string, QuotaRead>> => {
  const response = await r.api(`${org}/quotas`)
  expect(response.status).toBe(200)
  const body = (await response.json()) as { quotas: QuotaRead[] }
  return Object.fromEntries(body.quotas.map((q) => [q.kind, q]))
}

describe('nscale quotas', () => {
  it('start at the configured defaults, sorted by kind', async () => {
    const other = await r.h.createOrganization('quota-defaults')
    const response = await r.api(`/api/v1/organizations/${other.organizationId}/quotas`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(await response.json()).toEqual({
      quotas: [
        { kind: 'clusters', quantity: 5, used: 0, free: 5, committed: 0, reserved: 0, displayName: 'Clusters', description: expect.any(String), default: 5 },
        { kind: 'gpus', quantity: 40, used: 0, free: 40, committed: 0, reserved: 0, displayName: 'GPUs', description: expect.any(String), default: 40 },
        { kind: 'servers', quantity: 10, used: 0, free: 10, committed: 0, reserved: 0, displayName: 'Servers', description: expect.any(String), default: 10 },
      ],
    })
  })

  it('are replaced by PUT, omitted kinds falling back to their defaults; unknown kinds and bad quantities are 400', async () => {
    const put = await r.api(`${O()}/quotas`, { method: 'PUT', body: { quotas: [{ kind: 'servers', quantity: 3 }] } })
    expect(put.status).toBe(200)
    expect(put.headers.get('x-consistency-token')).toBeTruthy()
    const after = await quota()
    expect([after.servers?.quantity, after.gpus?.quantity, after.clusters?.quantity]).toEqual([3, 40, 5])
    // Organization administrators read quotas but cannot set them (spec §6.4).
    expect((await r.api(`${O()}/quotas`, { token: r.ownerToken })).status).toBe(200)
    expect((await r.api(`${O()}/quotas`, { method: 'PUT', token: r.ownerToken, body: { quotas: [] } })).status).toBe(403)
    for (const body of [{ quotas: [{ kind: 'tpus', quantity: 1 }] }, { quotas: [{ kind: 'gpus', quantity: -1 }] }, { quotas: [{ kind: 'gpus' }] }]) {
      const refused = await r.api(`${O()}/quotas`, { method: 'PUT', body })
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({ error: 'invalid_request' })
    }
  })
})

describe('nscale allocations', () => {
  let project: string
  beforeAll(async () => {
    project = await r.project()
  })
  const P = () => `${O()}/projects/${toUuid(project)}`

  it('are created, read, replaced and deleted, counting committed + reserved in the quota', async () => {
    const before = (await quota()).gpus!
    const created = await r.api(`${P()}/allocations`, { method: 'POST', body: allocation('c-1', 2, 1) })
    expect(created.status).toBe(201)
    const body = (await created.json()) as { metadata: { id: string; projectId: string; organizationId: string; createdBy: string } }
    expect(body).toMatchObject({
      metadata: { name: 'undefined', organizationId: toUuid(r.org), projectId: toUuid(project), provisioningStatus: 'provisioned', healthStatus: 'healthy' },
      spec: allocation('c-1', 2, 1).spec,
    })
    // Written by a service account: its id as the dashed UUID its own metadata shows.
    expect(body.metadata.createdBy).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    const id = body.metadata.id
    expect((await quota()).gpus).toMatchObject({ used: before.used + 3, committed: before.committed + 2, reserved: before.reserved + 1, free: before.free - 3 })

    const read = await r.api(`${P()}/allocations/${id}`)
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(body)

    const replaced = await r.api(`${P()}/allocations/${id}`, { method: 'PUT', body: allocation('c-1', 5) })
    expect(replaced.status).toBe(200)
    expect(await replaced.json()).toMatchObject({ spec: allocation('c-1', 5).spec, metadata: { modifiedTime: expect.any(String) } })
    expect((await quota()).gpus).toMatchObject({ used: before.used + 5, committed: before.committed + 5, reserved: before.reserved })

    const deleted = await r.api(`${P()}/allocations/${id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(202)
    expect(await deleted.text()).toBe('')
    expect((await r.api(`${P()}/allocations/${id}`)).status).toBe(404)
    expect((await r.api(`${P()}/allocations/${id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await quota()).gpus).toMatchObject({ used: before.used, committed: before.committed, reserved: before.reserved })
  })

  it('refuse an allocation or a quota that would exceed the quota, appending nothing', async () => {
    const put = await r.api(`${O()}/quotas`, { method: 'PUT', body: { quotas: [{ kind: 'gpus', quantity: 4 }] } })
    expect(put.status).toBe(200)
    const first = await r.api(`${P()}/allocations`, { method: 'POST', body: allocation('over-1', 3) })
    expect(first.status).toBe(201)
    const { metadata } = (await first.json()) as { metadata: { id: string } }
    const events = await r.h.eventCount(r.org)

    const over = await r.api(`${P()}/allocations`, { method: 'POST', body: allocation('over-2', 2) })
    expect(over.status).toBe(400)
    expect(await over.json()).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('allocation exceeded quota') })
    const grown = await r.api(`${P()}/allocations/${metadata.id}`, { method: 'PUT', body: allocation('over-1', 3, 2) })
    expect(grown.status).toBe(400)
    const lowered = await r.api(`${O()}/quotas`, { method: 'PUT', body: { quotas: [{ kind: 'gpus', quantity: 2 }] } })
    expect(lowered.status).toBe(400)
    expect(await lowered.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('allocation exceeded quota') })
    expect(await r.h.eventCount(r.org)).toBe(events)
    expect((await quota()).gpus).toMatchObject({ quantity: 4, used: 3 })

    // Kinds without a quota are unbounded.
    const unbounded = await r.api(`${P()}/allocations`, {
      method: 'POST', body: { metadata: { name: 'undefined' }, spec: { kind: 'disk', id: 'd-1', allocations: [{ kind: 'volumes', committed: 1_000_000, reserved: 0 }] } },
    })
    expect(unbounded.status).toBe(201)
    expect((await r.api(`${P()}/allocations/${metadata.id}`, { method: 'DELETE' })).status).toBe(202)
  })

  it('are unique per consuming resource in a project (409), and 404 for an unknown project or another project', async () => {
    const created = await r.api(`${P()}/allocations`, { method: 'POST', body: allocation('dup-1', 0) })
    expect(created.status).toBe(201)
    const { metadata } = (await created.json()) as { metadata: { id: string } }
    const duplicate = await r.api(`${P()}/allocations`, { method: 'POST', body: allocation('dup-1', 0) })
    expect(duplicate.status).toBe(409)
    expect(await duplicate.json()).toMatchObject({ error: 'conflict' })

    const unknownProject = `${O()}/projects/${toUuid('0'.repeat(31) + 'f')}`
    expect((await r.api(`${unknownProject}/allocations`, { method: 'POST', body: allocation('x', 0) })).status).toBe(404)
    const other = await r.project()
    expect((await r.api(`${O()}/projects/${toUuid(other)}/allocations/${metadata.id}`)).status).toBe(404)
    expect((await r.api(`${P()}/allocations/not-an-id`)).status).toBe(404)
  })

  it('are listed by id for whoever may read their project, and filtered to nothing otherwise', async () => {
    const created = await r.api(`${P()}/allocations`, { method: 'POST', body: allocation('listed-1', 0) })
    const token = created.headers.get('x-consistency-token')!
    const { metadata } = (await created.json()) as { metadata: { id: string } }
    const list = await r.api(`${O()}/allocations`, { headers: { 'X-Consistency-Token': token } })
    expect(list.status).toBe(200)
    const items = (await list.json()) as Array<{ metadata: { id: string } }>
    expect(items.map((item) => item.metadata.id)).toContain(metadata.id)
    expect(items.map((item) => item.metadata.id)).toEqual([...items.map((item) => item.metadata.id)].sort())

    const nobody = await r.serviceAccountIssuedAt(new Date())
    await r.h.settle(nobody.tokenSettle)
    const filtered = await r.api(`${O()}/allocations`, { token: nobody.token })
    expect(filtered.status).toBe(200)
    expect(await filtered.json()).toEqual([])
    expect((await r.api(`${P()}/allocations/${metadata.id}`, { token: nobody.token })).status).toBe(403)
  })
})

describe('nscale quota races', () => {
  it('never let concurrent allocations exceed a quota', async () => {
    const other = await r.h.createOrganization('quota-race')
    const org = `/api/v1/organizations/${other.organizationId}`
    const project = await r.project(other.organizationId.replaceAll('-', ''))
    expect((await r.api(`${org}/quotas`, { method: 'PUT', body: { quotas: [{ kind: 'gpus', quantity: 5 }] } })).status).toBe(200)

    const attempts = 16
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, index) =>
        r.api(`${org}/projects/${toUuid(project)}/allocations`, { method: 'POST', body: allocation(`race-${index}`, 1) })),
    )
    const statuses = responses.map((response) => response.status)
    const created = statuses.filter((status) => status === 201).length
    expect(created).toBeGreaterThan(0)
    expect(created).toBeLessThanOrEqual(5)
    expect(statuses.every((status) => status === 201 || status === 400 || status === 409)).toBe(true)
    const gpus = (await quota(org)).gpus!
    expect(gpus).toMatchObject({ quantity: 5, used: created, committed: created })
  })

  it('never let a quota decrease racing allocations leave usage above the quota', async () => {
    const other = await r.h.createOrganization('quota-race-2')
    const org = `/api/v1/organizations/${other.organizationId}`
    const project = await r.project(other.organizationId.replaceAll('-', ''))
    expect((await r.api(`${org}/quotas`, { method: 'PUT', body: { quotas: [{ kind: 'gpus', quantity: 8 }] } })).status).toBe(200)
    const writes = [
      ...Array.from({ length: 8 }, (_, index) => r.api(`${org}/projects/${toUuid(project)}/allocations`, { method: 'POST', body: allocation(`dec-${index}`, 1) })),
      r.api(`${org}/quotas`, { method: 'PUT', body: { quotas: [{ kind: 'gpus', quantity: 3 }] } }),
    ]
    await Promise.all(writes)
    const gpus = (await quota(org)).gpus!
    expect(gpus.used).toBeLessThanOrEqual(gpus.quantity)
  })
})
