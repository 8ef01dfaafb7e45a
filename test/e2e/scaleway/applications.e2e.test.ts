// Applications end to end: the official SDK against the server on DynamoDB Local, raw HTTP for what the SDK hides.
import { randomUUID } from 'node:crypto'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, uniqueName, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { readYourWrites, type ReadYourWrites } from './readYourWrites.js'

const PATH = '/iam/v1alpha1/applications'

describe('Scaleway applications', () => {
  let h: ScalewayHarness
  let other: TestOrganization
  let owner: ReadYourWrites

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
    owner = readYourWrites(h.baseUrl, h.org)
  }, 60_000)
  afterAll(async () => h?.close())

  /** Expects a raw request to fail with `status` and `type` and to append nothing. */
  async function refused(request: () => Promise<Response>, status: number, type: string): Promise<Record<string, unknown>> {
    const before = await h.eventCount(h.org.organizationId)
    const response = await request()
    const body = (await response.json()) as Record<string, unknown>
    expect(response.status, JSON.stringify(body)).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(body.type).toBe(type)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    return body
  }

  it('creates, reads, updates and deletes an application', async () => {
    const created = await owner.iam.createApplication({ name: 'ci runner', description: 'deploys', tags: ['ci', 'team=ops'] })
    expect(created).toMatchObject({
      name: 'ci runner', description: 'deploys', tags: ['ci', 'team=ops'], organizationId: h.org.organizationId,
      editable: true, deletable: true, managed: false, nbApiKeys: 0,
    })
    expect(created.createdAt).toBeInstanceOf(Date)
    expect(created.updatedAt).toEqual(created.createdAt)
    expect(await owner.iam.getApplication({ applicationId: created.id })).toEqual(created)

    const updated = await owner.iam.updateApplication({ applicationId: created.id, name: 'cd runner', tags: [] })
    expect(updated).toMatchObject({ name: 'cd runner', description: 'deploys', tags: [] })
    expect(updated.updatedAt!.getTime()).toBeGreaterThanOrEqual(created.updatedAt!.getTime())
    expect(await owner.iam.getApplication({ applicationId: created.id })).toEqual(updated)
    // An update that changes nothing appends nothing.
    const before = await h.eventCount(h.org.organizationId)
    expect(await owner.iam.updateApplication({ applicationId: created.id, description: 'deploys' })).toEqual(updated)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)

    await owner.iam.deleteApplication({ applicationId: created.id })
    expect(await owner.iam.getApplication({ applicationId: created.id }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await owner.iam.deleteApplication({ applicationId: created.id }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((await owner.iam.listApplications({ applicationIds: [created.id] })).totalCount).toBe(0)
  })

  it('counts the API keys it bears, and deleting it revokes them at once', async () => {
    const app = await owner.iam.createApplication({ name: 'bearer', description: '' })
    const first = await owner.iam.createAPIKey({ applicationId: app.id, description: 'one' })
    const second = await owner.iam.createAPIKey({ applicationId: app.id, description: 'two' })
    expect((await owner.iam.getApplication({ applicationId: app.id })).nbApiKeys).toBe(2)
    await owner.iam.deleteAPIKey({ accessKey: first.accessKey })
    expect((await owner.iam.getApplication({ applicationId: app.id })).nbApiKeys).toBe(1)
    expect((await owner.iam.listApplications({ applicationIds: [app.id] })).applications[0]?.nbApiKeys).toBe(1)

    // The application has no permission: its key authenticates (403, not 401) until the application is deleted.
    const asApp = h.sdk({ accessKey: second.accessKey, secretKey: second.secretKey!, organizationId: h.org.organizationId })
    expect(await asApp.listApplications().catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
    await owner.iam.deleteApplication({ applicationId: app.id })
    const refusedKey = await asApp.listApplications().catch((e: unknown) => e)
    expect(refusedKey).toBeInstanceOf(Errors.DeniedAuthenticationError)
    expect(refusedKey).toMatchObject({ method: 'api_key', reason: 'not_found' })
    expect(await owner.iam.getAPIKey({ accessKey: second.accessKey }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
  })

  it('lists with every filter and order, and pages with .all()', async () => {
    const tag = uniqueName('list')
    const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo']
    const apps = []
    for (const name of names) apps.push(await owner.iam.createApplication({ name: `${tag}-${name}`, description: '', tags: [tag, name] }))

    const byTag = await owner.iam.listApplications({ tag, orderBy: 'name_asc' })
    expect(byTag.totalCount).toBe(5)
    expect(byTag.applications.map((app) => app.name)).toEqual([...names].sort().map((name) => `${tag}-${name}`))
    expect((await owner.iam.listApplications({ tag, orderBy: 'name_desc' })).applications[0]?.name).toBe(`${tag}-echo`)
    expect((await owner.iam.listApplications({ tag, orderBy: 'created_at_desc' })).applications[0]?.id).toBe(apps[4]!.id)
    expect((await owner.iam.listApplications({ tag, orderBy: 'created_at_asc' })).applications[0]?.id).toBe(apps[0]!.id)
    await owner.iam.updateApplication({ applicationId: apps[0]!.id, description: 'touched' })
    expect((await owner.iam.listApplications({ tag, orderBy: 'updated_at_desc' })).applications[0]?.id).toBe(apps[0]!.id)
    expect((await owner.iam.listApplications({ tag, orderBy: 'updated_at_asc' })).applications.at(-1)?.id).toBe(apps[0]!.id)

    expect((await owner.iam.listApplications({ name: `${tag}-CHAR` })).applications.map((app) => app.id)).toEqual([apps[2]!.id])
    expect((await owner.iam.listApplications({ tag: 'brav', applicationIds: apps.map((app) => app.id) })).totalCount).toBe(1)
    expect((await owner.iam.listApplications({ applicationIds: [apps[1]!.id, apps[3]!.id] })).totalCount).toBe(2)
    expect((await owner.iam.listApplications({ tag, editable: true })).totalCount).toBe(5)
    expect((await owner.iam.listApplications({ tag, editable: false })).totalCount).toBe(0)

    const paged = await owner.iam.listApplications({ tag, pageSize: 2, orderBy: 'name_asc' }).all()
    expect(paged.map((app) => app.id)).toEqual(byTag.applications.map((app) => app.id))
    const past = await owner.iam.listApplications({ tag, page: 4, pageSize: 2 })
    expect(past).toEqual({ applications: [], totalCount: 5 })
  })

  it("never shows or touches another organization's applications", async () => {
    const theirs = await other.iam.createApplication({ name: 'theirs', description: '' })
    const unknown = randomUUID()
    const foreign = await h.fetch(`${PATH}/${theirs.id}`, { secretKey: h.org.secretKey })
    const missing = await h.fetch(`${PATH}/${unknown}`, { secretKey: h.org.secretKey })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    const foreignBody = (await foreign.json()) as Record<string, unknown>
    expect({ ...foreignBody, resource_id: unknown }).toEqual(await missing.json())
    expect(foreignBody).toMatchObject({ type: 'not_found', resource: 'application', resource_id: theirs.id })
    expect(await h.org.iam.updateApplication({ applicationId: theirs.id, name: 'mine' }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await h.org.iam.deleteApplication({ applicationId: theirs.id }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((await h.org.iam.listApplications({ applicationIds: [theirs.id] })).totalCount).toBe(0)
    for (const organizationId of [other.organizationId, randomUUID()]) {
      expect(await h.org.iam.listApplications({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
      expect(await h.org.iam.createApplication({ name: 'intruder', description: '', organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
    }
    expect((await other.iam.getApplication({ applicationId: theirs.id })).name).toBe('theirs')
  })

  it('replays a creation sent again with the same Idempotency-Key, and refuses the key with another body', async () => {
    const key = randomUUID()
    const send = (name: string) =>
      h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body: { name, organization_id: h.org.organizationId }, headers: { 'Idempotency-Key': key } })
    const first = await send('idempotent')
    expect(first.status).toBe(200)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const before = await h.eventCount(h.org.organizationId)
    const again = await send('idempotent')
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    await refused(() => send('different'), 409, 'transient_state')
  })

  it('refuses bad JSON, wrong types, over-long strings, missing fields and unknown ids, appending nothing', async () => {
    const post = (body: unknown) => () => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body })
    await refused(post('{"name": '), 400, 'invalid_arguments')
    await refused(post({ name: 42 }), 400, 'invalid_arguments')
    await refused(post({ name: 'x', tags: 'ci' }), 400, 'invalid_arguments')
    await refused(post({ name: 'n'.repeat(65) }), 400, 'invalid_arguments')
    await refused(post({ name: 'x', description: 'd'.repeat(201) }), 400, 'invalid_arguments')
    await refused(post({ name: 'x', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }), 400, 'invalid_arguments')
    await refused(post({ name: 'x', tags: ['same', 'same'] }), 400, 'invalid_arguments')
    await refused(post({ name: ' leading space' }), 400, 'invalid_arguments')
    const missing = await refused(post({ description: 'no name' }), 400, 'invalid_arguments')
    expect(missing.details).toMatchObject([{ argument_name: 'name', reason: 'required' }])
    await refused(() => h.fetch(`${PATH}?order_by=random`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?editable=maybe`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')

    const app = await h.org.iam.createApplication({ name: 'typed', description: '' })
    const patch = (id: string, body: unknown) => () => h.fetch(`${PATH}/${id}`, { method: 'PATCH', secretKey: h.org.secretKey, body })
    await refused(patch(app.id, { name: '' }), 400, 'invalid_arguments')
    await refused(patch(app.id, { tags: [1] }), 400, 'invalid_arguments')
    await refused(patch(randomUUID(), { name: 'ghost' }), 404, 'not_found')
    await refused(patch('not-an-id', { name: 'ghost' }), 404, 'not_found')
    await refused(() => h.fetch(`${PATH}/${randomUUID()}`, { method: 'DELETE', secretKey: h.org.secretKey }), 404, 'not_found')
  })

  it('answers the consistency token of every write, and lists that wait for it show the write', async () => {
    const response = await h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body: { name: 'fresh', organization_id: h.org.organizationId } })
    const token = response.headers.get('x-consistency-token')
    expect(token).toBeTruthy()
    const { id } = (await response.json()) as { id: string }
    const listed = await h.fetch(`${PATH}?application_ids=${id}`, { secretKey: h.org.secretKey, headers: { 'X-Consistency-Token': token! } })
    expect(((await listed.json()) as { total_count: number }).total_count).toBe(1)
  })
})
