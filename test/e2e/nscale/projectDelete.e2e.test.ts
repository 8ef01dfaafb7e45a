// nscale project delete (spec §3.2 #43, §9 #9, #14; DESIGN §4 cascades): the project's allocations are deleted in
// the same transaction, their quota usage freed; a creation racing the delete never leaves usage behind; a cascade
// too large for one transaction is refused (412) with nothing appended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeId, toUuid } from '../../../domain/core/ids.js'
import { startResourceHarness, type ResourceHarness } from './resourceFixtures.js'

let r: ResourceHarness
beforeAll(async () => {
  r = await startResourceHarness()
}, 60_000)
afterAll(async () => {
  await r?.h.close()
})

const allocation = (id: string, gpus: number, servers = 0) => ({
  metadata: { name: 'undefined' },
  spec: {
    kind: 'kubernetescluster', id,
    allocations: [{ kind: 'gpus', committed: gpus, reserved: 1 }, ...(servers > 0 ? [{ kind: 'servers', committed: servers, reserved: 0 }] : [])],
  },
})
type QuotaRead = { kind: string; used: number; committed: number; reserved: number }

async function usage(org: string): Promise<Record<string, QuotaRead>> {
  const response = await r.api(`/api/v1/organizations/${org}/quotas`)
  expect(response.status).toBe(200)
  return Object.fromEntries(((await response.json()) as { quotas: QuotaRead[] }).quotas.map((q) => [q.kind, q]))
}

/** A fresh organization (its quota untouched) with one project. */
async function organizationWithProject() {
  const organization = await r.n.createOrganization('project-delete')
  const org = organization.organizationId
  const project = toUuid(await r.project(normalizeId(org)!))
  return { org, project, P: `/api/v1/organizations/${org}/projects/${project}` }
}

describe('deleting an nscale project', () => {
  it('deletes its allocations and frees their quota usage in the same transaction', async () => {
    const { org, project, P } = await organizationWithProject()
    const ids: string[] = []
    for (const [n, gpus] of [[1, 2], [2, 3], [3, 4]] as const) {
      const created = await r.api(`${P}/allocations`, { method: 'POST', body: allocation(`c-${n}`, gpus, n) })
      expect(created.status).toBe(201)
      ids.push(((await created.json()) as { metadata: { id: string } }).metadata.id)
    }
    expect((await usage(org)).gpus).toMatchObject({ used: 12, committed: 9, reserved: 3 })
    expect((await usage(org)).servers).toMatchObject({ used: 6, committed: 6 })

    const deleted = await r.api(P, { method: 'DELETE' })
    expect(deleted.status).toBe(202)
    const token = deleted.headers.get('x-consistency-token')!
    expect(token).toBeTruthy()

    expect((await usage(org)).gpus).toMatchObject({ used: 0, committed: 0, reserved: 0 })
    expect((await usage(org)).servers).toMatchObject({ used: 0, committed: 0, reserved: 0 })
    for (const id of ids) expect((await r.api(`${P}/allocations/${id}`)).status).toBe(404)
    expect((await r.api(P)).status).toBe(404)
    const list = await r.api(`/api/v1/organizations/${org}/allocations`, { headers: { 'X-Consistency-Token': token } })
    expect(list.status).toBe(200)
    expect(await list.json()).toEqual([])
    // The project is gone: a new allocation in it is 404, and the same consuming resource is free elsewhere.
    const late = await r.api(`${P}/allocations`, { method: 'POST', body: allocation('c-1', 1) })
    expect(late.status).toBe(404)
    expect(await late.json()).toMatchObject({ error: 'not_found' })
    expect((await r.api(P, { method: 'DELETE' })).status).toBe(404)
    expect(project).toBeTruthy()
  })

  it('leaves the quota counters equal to the live allocations when creations race the delete', async () => {
    const { org, P } = await organizationWithProject()
    const first = await r.api(`${P}/allocations`, { method: 'POST', body: allocation('seed', 1) })
    expect(first.status).toBe(201)
    // The delete is sent amid the creations: each creation lands before it (and is deleted with the project) or after (404).
    const create = (n: number) => r.api(`${P}/allocations`, { method: 'POST', body: allocation(`race-${n}`, 1) })
    const before = Array.from({ length: 6 }, (_, n) => create(n))
    await before[0]
    const deleting = r.api(P, { method: 'DELETE' })
    const after = Array.from({ length: 4 }, (_, n) => create(n + 6))
    const [deleted, ...created] = await Promise.all([deleting, ...before, ...after])
    expect(deleted!.status).toBe(202)
    for (const response of created) expect([201, 404]).toContain(response.status)

    // The counters equal what is live: every allocation created (before the delete) is gone with its project.
    const createdIds = await Promise.all(created.filter((response) => response.status === 201).map(async (response) => ((await response.json()) as { metadata: { id: string } }).metadata.id))
    let live = 0
    for (const id of createdIds) if ((await r.api(`${P}/allocations/${id}`)).status === 200) live++
    expect(live).toBe(0)
    expect((await usage(org)).gpus).toMatchObject({ used: 2 * live, committed: live, reserved: live })
    const list = await r.api(`/api/v1/organizations/${org}/allocations`, { headers: { 'X-Consistency-Token': deleted!.headers.get('x-consistency-token')! } })
    expect(await list.json()).toEqual([])
  })

  it('is refused (412) with nothing appended when its allocations do not fit one transaction', async () => {
    const { org, P } = await organizationWithProject()
    const empty = (n: number) => ({ metadata: { name: 'undefined' }, spec: { kind: 'kubernetescluster', id: `big-${n}`, allocations: [] } })
    const ids: string[] = []
    for (let n = 0; n < 49; n++) {
      const created = await r.api(`${P}/allocations`, { method: 'POST', body: empty(n) })
      expect(created.status).toBe(201)
      ids.push(((await created.json()) as { metadata: { id: string } }).metadata.id)
    }
    const before = await r.h.eventCount(normalizeId(org)!)
    const refused = await r.api(P, { method: 'DELETE' })
    expect(refused.status).toBe(412)
    expect(refused.headers.get('cache-control')).toBe('no-cache')
    const body = (await refused.json()) as { error: string; error_description: string }
    expect(body.error).toBe('invalid_request')
    expect(body.error_description).toMatch(/delete its allocations first/)
    expect(await r.h.eventCount(normalizeId(org)!)).toBe(before)
    expect((await r.api(P)).status).toBe(200)

    // One allocation fewer fits (48 allocations: 2 items each, with the project's own items).
    expect((await r.api(`${P}/allocations/${ids[0]}`, { method: 'DELETE' })).status).toBe(202)
    expect((await r.api(P, { method: 'DELETE' })).status).toBe(202)
    expect((await r.api(`${P}/allocations/${ids[1]}`)).status).toBe(404)
  })
})
