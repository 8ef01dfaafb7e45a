// Groups end to end through the official SDK (and raw HTTP for what the SDK hides): CRUD, unique names,
// membership (add one, add many, set all, remove one), a deleted member leaving its groups, every ListGroups
// filter and order, `.all()` paging, typed errors, the groups quota, Idempotency-Key, and 4xx appending nothing.
import { Errors } from '@scaleway/sdk-client'
import type { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, uniqueName, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { readYourWrites, type ReadYourWrites } from './readYourWrites.js'

let h: ScalewayHarness
let owner: ReadYourWrites
let iam: Iamv1alpha1.API
let other: TestOrganization

beforeAll(async () => {
  h = await startScalewayHarness({ env: { IAM_CONSISTENCY_WAIT_MS: '10000' } })
  owner = readYourWrites(h.baseUrl, h.org)
  iam = owner.iam
  other = await h.createOrganization('other')
}, 60_000)
afterAll(async () => h?.close())

const raw = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; secretKey?: string } = {}) =>
  h.fetch(`/iam/v1alpha1${path}`, { secretKey: h.org.secretKey, ...init })

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

describe('groups', () => {
  it('creates, gets, renames and deletes a group, its name unique in the organization', async () => {
    const name = uniqueName('ops')
    const group = await iam.createGroup({ name, description: 'on call', tags: ['team', 'pager'] })
    expect(group).toMatchObject({
      name, description: 'on call', tags: ['team', 'pager'], organizationId: h.org.organizationId, userIds: [], applicationIds: [],
      editable: true, deletable: true, managed: false,
    })
    expect(group.createdAt).toEqual(group.updatedAt)
    expect(await iam.getGroup({ groupId: group.id })).toEqual(group)

    const taken = await rejection(iam.createGroup({ name, description: '' }))
    expect(taken).toBeInstanceOf(Errors.AlreadyExistsError)
    // Another organization may use the same name.
    expect((await other.iam.createGroup({ name, description: '' })).name).toBe(name)

    const renamed = await iam.updateGroup({ groupId: group.id, name: `${name}-2`, description: 'day shift' })
    expect(renamed).toMatchObject({ id: group.id, name: `${name}-2`, description: 'day shift', tags: ['team', 'pager'] })
    expect(renamed.updatedAt!.getTime()).toBeGreaterThanOrEqual(group.updatedAt!.getTime())
    // The old name is free again; the new one is taken.
    const second = await iam.createGroup({ name, description: '' })
    expect(await rejection(iam.updateGroup({ groupId: second.id, name: `${name}-2` }))).toBeInstanceOf(Errors.AlreadyExistsError)

    await iam.deleteGroup({ groupId: group.id })
    expect(await rejection(iam.getGroup({ groupId: group.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await rejection(iam.deleteGroup({ groupId: group.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((await iam.createGroup({ name: `${name}-2`, description: '' })).name).toBe(`${name}-2`)
  })

  it('refuses invalid fields with typed errors', async () => {
    const invalid = await rejection(iam.createGroup({ name: 'bad/name', description: '' }))
    expect(invalid).toBeInstanceOf(Errors.InvalidArgumentsError)
    const tooManyTags = await rejection(iam.createGroup({ name: uniqueName('g'), description: '', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }))
    expect(tooManyTags).toBeInstanceOf(Errors.InvalidArgumentsError)
  })

  it('adds one member, many members, sets all and removes one', async () => {
    const group = await iam.createGroup({ name: uniqueName('members'), description: '' })
    const [ci, cd, bot] = await Promise.all(['ci', 'cd', 'bot'].map((name) => iam.createApplication({ name: uniqueName(name), description: '' })))
    const [user, colleague] = await Promise.all(['member', 'colleague'].map((name) => iam.createUser({ email: `${uniqueName(name)}@example.com` })))

    const one = await iam.addGroupMember({ groupId: group.id, userId: user!.id })
    expect(one).toMatchObject({ userIds: [user!.id], applicationIds: [] })
    // Adding a member already there changes nothing.
    expect((await iam.addGroupMember({ groupId: group.id, userId: user!.id })).userIds).toEqual([user!.id])
    const both = await iam.addGroupMember({ groupId: group.id, applicationId: ci!.id })
    expect(both.applicationIds).toEqual([ci!.id])

    const many = await iam.addGroupMembers({ groupId: group.id, userIds: [colleague!.id], applicationIds: [cd!.id, ci!.id] })
    expect(many).toMatchObject({ userIds: [user!.id, colleague!.id], applicationIds: [ci!.id, cd!.id] })

    const set = await iam.setGroupMembers({ groupId: group.id, userIds: [colleague!.id], applicationIds: [bot!.id] })
    expect(set).toMatchObject({ userIds: [colleague!.id], applicationIds: [bot!.id] })

    const removed = await iam.removeGroupMember({ groupId: group.id, applicationId: bot!.id })
    expect(removed).toMatchObject({ userIds: [colleague!.id], applicationIds: [] })
    // Removing a member that is not in the group changes nothing.
    expect((await iam.removeGroupMember({ groupId: group.id, applicationId: bot!.id })).applicationIds).toEqual([])

    expect((await iam.setGroupMembers({ groupId: group.id, userIds: [], applicationIds: [] })).userIds).toEqual([])
    expect(await iam.getGroup({ groupId: group.id })).toMatchObject({ userIds: [], applicationIds: [] })
  })

  it('drops a deleted member from its groups, as GetGroup shows at once', async () => {
    const [first, second] = await Promise.all([
      iam.createGroup({ name: uniqueName('left'), description: '' }),
      iam.createGroup({ name: uniqueName('right'), description: '' }),
    ])
    const app = await iam.createApplication({ name: uniqueName('leaving'), description: '' })
    const stays = await iam.createApplication({ name: uniqueName('staying'), description: '' })
    const user = await iam.createUser({ email: `${uniqueName('leaving')}@example.com` })
    await iam.addGroupMembers({ groupId: first!.id, applicationIds: [app.id, stays.id], userIds: [user.id] })
    await iam.addGroupMember({ groupId: second!.id, applicationId: app.id })

    await iam.deleteApplication({ applicationId: app.id })
    await iam.deleteUser({ userId: user.id })
    expect(await iam.getGroup({ groupId: first!.id })).toMatchObject({ applicationIds: [stays.id], userIds: [] })
    expect((await iam.getGroup({ groupId: second!.id })).applicationIds).toEqual([])
    // Read-your-writes lists agree.
    const listed = await iam.listGroups({ groupIds: [first!.id, second!.id] })
    expect(listed.groups.flatMap((group) => group.applicationIds)).toEqual([stays.id])
    // A deleted member cannot join again.
    expect(await rejection(iam.addGroupMember({ groupId: first!.id, applicationId: app.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
  })

  it('answers an unknown or foreign group, member or id the same 404, and appends nothing', async () => {
    const mine = await iam.createGroup({ name: uniqueName('mine'), description: '' })
    const foreignGroup = await other.iam.createGroup({ name: uniqueName('theirs'), description: '' })
    const foreignApp = await other.iam.createApplication({ name: uniqueName('theirs'), description: '' })
    const unknown = '0190f2a5-c3e8-7d1a-9b2c-3d4e5f607199'
    const before = await h.eventCount(h.org.organizationId)

    const bodyOf = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> })
    const foreign = await bodyOf(await raw(`/groups/${foreignGroup.id}`))
    const missing = await bodyOf(await raw(`/groups/${unknown}`))
    expect(foreign).toEqual({ status: 404, body: { type: 'not_found', message: 'resource is not found', resource: 'group', resource_id: foreignGroup.id } })
    expect(missing).toEqual({ status: 404, body: { type: 'not_found', message: 'resource is not found', resource: 'group', resource_id: unknown } })

    for (const [method, path, body] of [
      ['PATCH', `/groups/${foreignGroup.id}`, { name: 'x' }],
      ['DELETE', `/groups/${foreignGroup.id}`, undefined],
      ['POST', `/groups/${foreignGroup.id}/add-member`, { user_id: h.org.ownerUserId }],
      ['PUT', `/groups/${unknown}/members`, { user_ids: [], application_ids: [] }],
      ['POST', `/groups/${unknown}/remove-member`, { user_id: h.org.ownerUserId }],
    ] as const) {
      expect((await raw(path, { method, body })).status, `${method} ${path}`).toBe(404)
    }
    const foreignMember = await bodyOf(await raw(`/groups/${mine.id}/add-member`, { method: 'POST', body: { application_id: foreignApp.id } }))
    const unknownMember = await bodyOf(await raw(`/groups/${mine.id}/add-members`, { method: 'POST', body: { application_ids: [unknown] } }))
    expect(foreignMember).toEqual({ status: 404, body: expect.objectContaining({ resource: 'application', resource_id: foreignApp.id }) })
    expect(unknownMember).toEqual({ status: 404, body: expect.objectContaining({ resource: 'application', resource_id: unknown }) })

    // Malformed bodies: 400.
    expect((await raw('/groups', { method: 'POST', body: '{"name":' })).status).toBe(400)
    expect((await raw('/groups', { method: 'POST', body: { name: 42 } })).status).toBe(400)
    expect((await raw('/groups', { method: 'POST', body: { description: 'no name' } })).status).toBe(400)
    expect((await raw('/groups', { method: 'POST', body: { name: 'x'.repeat(65) } })).status).toBe(400)
    expect((await raw(`/groups/${mine.id}/add-member`, { method: 'POST', body: {} })).status).toBe(400)
    expect((await raw(`/groups/${mine.id}/members`, { method: 'PUT', body: { user_ids: [] } })).status).toBe(400)
    expect((await raw(`/groups/${mine.id}`, { method: 'PATCH', body: { name: mine.name, tags: 'x' } })).status).toBe(400)
    expect((await raw('/groups?order_by=size_asc')).status).toBe(400)
    // A list naming another organization is refused.
    expect((await raw(`/groups?organization_id=${other.organizationId}`)).status).toBe(403)

    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })

  it('lists with every filter and order, and pages with .all()', async () => {
    const tag = uniqueName('list')
    const app = await iam.createApplication({ name: uniqueName('lister'), description: '' })
    const user = await iam.createUser({ email: `${uniqueName('lister')}@example.com` })
    const names = ['charlie', 'Alpha', 'bravo', 'delta', 'echo']
    const groups: Iamv1alpha1.Group[] = []
    for (const name of names) groups.push(await iam.createGroup({ name: `${tag}-${name}`, description: '', tags: [tag, `${tag}-${name}`] }))
    await iam.addGroupMember({ groupId: groups[0]!.id, applicationId: app.id })
    await iam.addGroupMember({ groupId: groups[2]!.id, userId: user.id })
    await iam.updateGroup({ groupId: groups[1]!.id, description: 'touched last' })

    const ids = (list: Iamv1alpha1.Group[]) => list.map((group) => group.id)
    const byTag = await iam.listGroups({ tag }).all()
    expect(ids(byTag)).toEqual(ids(groups))
    expect((await iam.listGroups({ tag, orderBy: 'created_at_desc' }).all()).map((g) => g.name)).toEqual(names.map((n) => `${tag}-${n}`).reverse())
    expect((await iam.listGroups({ tag, orderBy: 'name_asc' }).all()).map((g) => g.name.slice(tag.length + 1))).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo'])
    expect((await iam.listGroups({ tag, orderBy: 'name_desc' }).all()).map((g) => g.name.slice(tag.length + 1))).toEqual(['echo', 'delta', 'charlie', 'bravo', 'Alpha'])
    expect((await iam.listGroups({ tag, orderBy: 'updated_at_desc' }).all())[0]!.id).toBe(groups[1]!.id)
    expect((await iam.listGroups({ tag, orderBy: 'updated_at_asc' }).all()).at(-1)!.id).toBe(groups[1]!.id)

    expect(ids((await iam.listGroups({ name: `${tag}-BRAVO` })).groups)).toEqual([groups[2]!.id])
    expect(ids((await iam.listGroups({ tag: `${tag}-del` })).groups)).toEqual([groups[3]!.id])
    expect(ids((await iam.listGroups({ groupIds: [groups[4]!.id, groups[0]!.id] })).groups)).toEqual([groups[0]!.id, groups[4]!.id])
    expect(ids((await iam.listGroups({ applicationIds: [app.id] })).groups)).toEqual([groups[0]!.id])
    expect(ids((await iam.listGroups({ userIds: [user.id] })).groups)).toEqual([groups[2]!.id])
    expect(ids((await iam.listGroups({ userIds: [user.id], applicationIds: [app.id] })).groups)).toEqual([groups[0]!.id, groups[2]!.id])
    expect((await iam.listGroups({ tag, name: 'nothing-like-it' })).groups).toEqual([])

    // Pages of two: total_count is exact, a page past the end is empty.
    const first = await iam.listGroups({ tag, pageSize: 2 })
    expect(first.totalCount).toBe(5)
    expect(first.groups).toHaveLength(2)
    expect((await iam.listGroups({ tag, pageSize: 2, page: 4 })).groups).toEqual([])
    const paged = await iam.listGroups({ tag, pageSize: 2 }).all()
    expect(ids(paged)).toEqual(ids(groups))
  })

  it('replays a create sent twice with the same Idempotency-Key', async () => {
    const name = uniqueName('idem')
    const headers = { 'Idempotency-Key': uniqueName('key') }
    const before = await h.eventCount(h.org.organizationId)
    const first = await raw('/groups', { method: 'POST', body: { name }, headers })
    const again = await raw('/groups', { method: 'POST', body: { name }, headers })
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(first.headers.get('x-consistency-token')).toBeTruthy()
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id)
    expect(await h.eventCount(h.org.organizationId)).toBe(before + 1)
    // The same key with another request is refused.
    expect((await raw('/groups', { method: 'POST', body: { name: `${name}-2` }, headers })).status).toBe(409)
  })

  it('refuses the 51st group of an organization with quotas_exceeded', async () => {
    const tenant = await h.createOrganization('crowded')
    const created: Iamv1alpha1.Group[] = []
    for (let batch = 0; batch < 5; batch++) {
      created.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => tenant.iam.createGroup({ name: `g-${batch}-${i}`, description: '' })))))
    }
    const refused = await rejection(tenant.iam.createGroup({ name: 'one-too-many', description: '' }))
    expect(refused).toBeInstanceOf(Errors.QuotasExceededError)
    expect((refused as Errors.QuotasExceededError).list).toEqual([expect.objectContaining({ resource: 'groups', quota: 50 })])
    // Deleting one frees a place.
    await tenant.iam.deleteGroup({ groupId: created[0]!.id })
    expect((await tenant.iam.createGroup({ name: 'fits-again', description: '' })).name).toBe('fits-again')
  })
})
