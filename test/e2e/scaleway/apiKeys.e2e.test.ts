// API keys end to end: the official SDK against the server on DynamoDB Local, raw HTTP for what the SDK hides.
import { randomUUID } from 'node:crypto'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, uniqueName, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { readYourWrites, type ReadYourWrites } from './readYourWrites.js'

const PATH = '/iam/v1alpha1/api-keys'
const ACCESS_KEY = /^SCW[A-Z0-9]{17}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('Scaleway API keys', () => {
  let h: ScalewayHarness
  let other: TestOrganization
  let owner: ReadYourWrites
  let applicationId: string

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
    owner = readYourWrites(h.baseUrl, h.org)
    applicationId = (await owner.iam.createApplication({ name: 'bearer', description: '' })).id
  }, 60_000)
  afterAll(async () => h?.close())

  const asKey = (key: { accessKey: string; secretKey?: string | null }, organizationId = h.org.organizationId) =>
    h.sdk({ accessKey: key.accessKey, secretKey: key.secretKey!, organizationId })

  /** Expects a raw request to fail with `status` and `type` and to append nothing. */
  async function refused(request: () => Promise<Response>, status: number, type: string): Promise<Record<string, unknown>> {
    const before = await h.eventCount(h.org.organizationId)
    const response = await request()
    const body = (await response.json()) as Record<string, unknown>
    expect(response.status, JSON.stringify(body)).toBe(status)
    expect(body.type).toBe(type)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    return body
  }

  it('shows the secret once, in the creation response, and keeps it only as a hash', async () => {
    const created = await owner.iam.createAPIKey({ applicationId, description: 'deploys' })
    expect(created.accessKey).toMatch(ACCESS_KEY)
    expect(created.secretKey).toMatch(UUID)
    expect(created).toMatchObject({
      applicationId, description: 'deploys', defaultProjectId: h.org.organizationId, creationIp: '127.0.0.1',
      editable: true, deletable: true, managed: false,
    })
    expect(created.userId).toBeNull()
    expect(created.expiresAt).toBeUndefined()
    expect(created.updatedAt).toEqual(created.createdAt)

    const read = await owner.iam.getAPIKey({ accessKey: created.accessKey })
    expect(read).toEqual({ ...created, secretKey: null })
    const raw = (await (await h.fetch(`${PATH}/${created.accessKey.toLowerCase()}`, { secretKey: h.org.secretKey })).json()) as Record<string, unknown>
    expect(raw).toMatchObject({ access_key: created.accessKey, secret_key: null, user_id: null, expires_at: null })
    const listed = await owner.iam.listAPIKeys({ accessKeys: [created.accessKey] })
    expect(listed.apiKeys).toEqual([{ ...created, secretKey: null }])

    for (const table of [h.deps.dynamo.tables.events, h.deps.dynamo.tables.state, h.deps.dynamo.tables.read]) {
      const items = await h.deps.dynamo.doc.send(new ScanCommand({ TableName: table }))
      expect(JSON.stringify(items.Items)).not.toContain(created.secretKey)
    }
  })

  it('authenticates a new key at once and refuses a deleted one at once', async () => {
    const key = await owner.iam.createAPIKey({ userId: h.org.ownerUserId, description: 'fresh' })
    expect(key.userId).toBe(h.org.ownerUserId)
    const fresh = asKey(key)
    expect((await fresh.getAPIKey({ accessKey: key.accessKey })).description).toBe('fresh')
    await owner.iam.deleteAPIKey({ accessKey: key.accessKey })
    const error = await fresh.listAPIKeys().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.DeniedAuthenticationError)
    expect(error).toMatchObject({ method: 'api_key', reason: 'not_found' })
    expect(await owner.iam.getAPIKey({ accessKey: key.accessKey }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await owner.iam.deleteAPIKey({ accessKey: key.accessKey }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((await owner.iam.listAPIKeys({ accessKeys: [key.accessKey] })).totalCount).toBe(0)
  })

  it('updates the description, the default project and the expiry', async () => {
    const key = await owner.iam.createAPIKey({ applicationId, description: 'before' })
    const projectId = randomUUID()
    const expiresAt = new Date(Date.now() + 86_400_000)
    const updated = await owner.iam.updateAPIKey({ accessKey: key.accessKey, description: 'after', defaultProjectId: projectId, expiresAt })
    expect(updated).toMatchObject({ accessKey: key.accessKey, description: 'after', defaultProjectId: projectId, expiresAt, secretKey: null })
    expect(updated.updatedAt!.getTime()).toBeGreaterThan(key.updatedAt!.getTime())
    expect(updated.createdAt).toEqual(key.createdAt)
    expect(await owner.iam.getAPIKey({ accessKey: key.accessKey })).toEqual(updated)
    const before = await h.eventCount(h.org.organizationId)
    expect(await owner.iam.updateAPIKey({ accessKey: key.accessKey, description: 'after' })).toEqual(updated)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    const past = await owner.iam.updateAPIKey({ accessKey: key.accessKey, expiresAt: new Date(Date.now() - 1000) }).catch((e: unknown) => e)
    expect(past).toBeInstanceOf(Errors.InvalidArgumentsError)
    expect((past as Errors.InvalidArgumentsError).details).toMatchObject([{ argumentName: 'expires_at' }])
  })

  it('needs exactly one bearer of the organization, a future expiry and a short description', async () => {
    const post = (body: unknown) => () => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body })
    await refused(post({ description: 'both', user_id: h.org.ownerUserId, application_id: applicationId }), 400, 'invalid_arguments')
    const neither = await refused(post({ description: 'neither' }), 400, 'invalid_arguments')
    expect(neither.details).toMatchObject([{ reason: 'required' }])
    const foreignUser = await refused(post({ user_id: other.ownerUserId }), 404, 'not_found')
    expect(foreignUser).toMatchObject({ resource: 'user', resource_id: other.ownerUserId })
    await refused(post({ application_id: randomUUID() }), 404, 'not_found')
    await refused(post({ application_id: applicationId, expires_at: new Date(Date.now() - 60_000).toISOString() }), 400, 'invalid_arguments')
    await refused(post({ application_id: applicationId, description: 'd'.repeat(201) }), 400, 'invalid_arguments')
    await refused(post({ application_id: applicationId, default_project_id: 'my-project' }), 400, 'invalid_arguments')
    await refused(post({ application_id: applicationId, expires_at: 'tomorrow' }), 400, 'invalid_arguments')
    await refused(post({ application_id: applicationId, description: 42 }), 400, 'invalid_arguments')
    await refused(post('{"application_id": '), 400, 'invalid_arguments')
    const error = await owner.iam.createAPIKey({ userId: other.ownerUserId, description: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.ResourceNotFoundError)
  })

  it('lists with every filter and order, and pages with .all()', async () => {
    const tag = uniqueName('keys')
    const app = await owner.iam.createApplication({ name: tag, description: '' })
    const soon = new Date(Date.now() + 3_600_000)
    const later = new Date(Date.now() + 7_200_000)
    const a1 = await owner.iam.createAPIKey({ applicationId: app.id, description: `${tag} one`, expiresAt: later })
    const a2 = await owner.iam.createAPIKey({ applicationId: app.id, description: `${tag} two`, expiresAt: soon })
    const u1 = await owner.iam.createAPIKey({ userId: h.org.ownerUserId, description: `${tag} three` })
    const ids = (keys: Array<{ accessKey: string }>) => keys.map((key) => key.accessKey)
    const mine = { description: tag }

    expect(ids((await owner.iam.listAPIKeys(mine)).apiKeys)).toEqual(ids([a1, a2, u1]))
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'created_at_desc' })).apiKeys)).toEqual(ids([u1, a2, a1]))
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'expires_at_asc' })).apiKeys)).toEqual(ids([a2, a1, u1]))
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'expires_at_desc' })).apiKeys)).toEqual(ids([u1, a1, a2]))
    const byAccessKey = ids([a1, a2, u1]).sort()
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'access_key_asc' })).apiKeys)).toEqual(byAccessKey)
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'access_key_desc' })).apiKeys)).toEqual([...byAccessKey].reverse())
    await owner.iam.updateAPIKey({ accessKey: a1.accessKey, description: `${tag} one!` })
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'updated_at_desc' })).apiKeys)[0]).toBe(a1.accessKey)
    expect(ids((await owner.iam.listAPIKeys({ ...mine, orderBy: 'updated_at_asc' })).apiKeys).at(-1)).toBe(a1.accessKey)

    expect(ids((await owner.iam.listAPIKeys({ ...mine, bearerType: 'application' })).apiKeys)).toEqual(ids([a1, a2]))
    expect(ids((await owner.iam.listAPIKeys({ ...mine, bearerType: 'user' })).apiKeys)).toEqual(ids([u1]))
    expect(ids((await owner.iam.listAPIKeys({ ...mine, bearerType: 'unknown_bearer_type' })).apiKeys)).toEqual(ids([a1, a2, u1]))
    expect(ids((await owner.iam.listAPIKeys({ bearerId: app.id })).apiKeys)).toEqual(ids([a1, a2]))
    expect(ids((await owner.iam.listAPIKeys({ applicationId: app.id })).apiKeys)).toEqual(ids([a1, a2]))
    expect(ids((await owner.iam.listAPIKeys({ ...mine, userId: h.org.ownerUserId })).apiKeys)).toEqual(ids([u1]))
    expect(ids((await owner.iam.listAPIKeys({ accessKeys: [a2.accessKey, u1.accessKey] })).apiKeys)).toEqual(ids([a2, u1]))
    expect(ids((await owner.iam.listAPIKeys({ accessKey: a2.accessKey.toLowerCase() })).apiKeys)).toEqual(ids([a2]))
    expect(ids((await owner.iam.listAPIKeys({ description: `${tag.toUpperCase()} TW` })).apiKeys)).toEqual(ids([a2]))
    expect((await owner.iam.listAPIKeys({ ...mine, expired: false, editable: true })).totalCount).toBe(3)
    expect((await owner.iam.listAPIKeys({ ...mine, expired: true })).totalCount).toBe(0)
    expect((await owner.iam.listAPIKeys({ ...mine, editable: false })).totalCount).toBe(0)

    const all = await owner.iam.listAPIKeys({ ...mine, pageSize: 1 }).all()
    expect(ids(all)).toEqual(ids([a1, a2, u1]))
    expect(await owner.iam.listAPIKeys({ ...mine, page: 9, pageSize: 1 })).toEqual({ apiKeys: [], totalCount: 3 })
  })

  it('refuses an expired key at request time and lists it as expired', async () => {
    const expiresAt = new Date(Date.now() + 3000)
    const key = await owner.iam.createAPIKey({ applicationId, description: 'short-lived', expiresAt })
    const wait = expiresAt.getTime() + 50 - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const error = await asKey(key).listAPIKeys().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.DeniedAuthenticationError)
    expect(error).toMatchObject({ method: 'api_key', reason: 'expired' })
    const expired = await owner.iam.listAPIKeys({ accessKeys: [key.accessKey], expired: true })
    expect(expired.apiKeys.map((listed) => listed.accessKey)).toEqual([key.accessKey])
    expect((await owner.iam.getAPIKey({ accessKey: key.accessKey })).expiresAt).toEqual(expiresAt)
  })

  it("holds keys within the organization's maximum lifetime, on creation and on update", async () => {
    const theirs = readYourWrites(h.baseUrl, other)
    await theirs.iam.updateOrganizationSecuritySettings({ maxApiKeyExpirationDuration: '3600s' })
    const none = await theirs.iam.createAPIKey({ userId: other.ownerUserId, description: 'forever' }).catch((e: unknown) => e)
    expect(none).toBeInstanceOf(Errors.InvalidArgumentsError)
    expect((none as Errors.InvalidArgumentsError).details).toMatchObject([{ argumentName: 'expires_at', reason: 'required' }])
    const far = await theirs.iam.createAPIKey({ userId: other.ownerUserId, description: 'far', expiresAt: new Date(Date.now() + 7_200_000) }).catch((e: unknown) => e)
    expect(far).toBeInstanceOf(Errors.InvalidArgumentsError)
    const key = await theirs.iam.createAPIKey({ userId: other.ownerUserId, description: 'near', expiresAt: new Date(Date.now() + 1_800_000) })
    const extended = await theirs.iam.updateAPIKey({ accessKey: key.accessKey, expiresAt: new Date(Date.now() + 7_200_000) }).catch((e: unknown) => e)
    expect(extended).toBeInstanceOf(Errors.InvalidArgumentsError)
    await theirs.iam.updateOrganizationSecuritySettings({ maxApiKeyExpirationDuration: '0s' })
    expect((await theirs.iam.createAPIKey({ userId: other.ownerUserId, description: 'forever' })).expiresAt).toBeUndefined()
  })

  it('replays a creation with the same Idempotency-Key without its secret', async () => {
    const headers = { 'Idempotency-Key': randomUUID() }
    const send = (description: string) => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body: { application_id: applicationId, description }, headers })
    const first = (await (await send('once')).json()) as Record<string, unknown>
    expect(first.secret_key).toMatch(UUID)
    const before = await h.eventCount(h.org.organizationId)
    const again = await send('once')
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('x-consistency-token')).toBeTruthy()
    expect(await again.json()).toEqual({ ...first, secret_key: null })
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    await refused(() => send('twice'), 409, 'transient_state')
  })

  it("answers another organization's keys like unknown ones, and refuses its lists", async () => {
    const theirs = await other.iam.createAPIKey({ userId: other.ownerUserId, description: 'theirs' })
    const unknown = 'SCW0000000000000000Z'
    const foreign = await h.fetch(`${PATH}/${theirs.accessKey}`, { secretKey: h.org.secretKey })
    const missing = await h.fetch(`${PATH}/${unknown}`, { secretKey: h.org.secretKey })
    expect([foreign.status, missing.status]).toEqual([404, 404])
    expect({ ...((await foreign.json()) as object), resource_id: unknown }).toEqual(await missing.json())
    await refused(() => h.fetch(`${PATH}/${theirs.accessKey}`, { method: 'PATCH', secretKey: h.org.secretKey, body: { description: 'mine' } }), 404, 'not_found')
    await refused(() => h.fetch(`${PATH}/${theirs.accessKey}`, { method: 'DELETE', secretKey: h.org.secretKey }), 404, 'not_found')
    await refused(() => h.fetch(`${PATH}/not-a-key`, { method: 'DELETE', secretKey: h.org.secretKey }), 404, 'not_found')
    for (const organizationId of [other.organizationId, randomUUID()]) {
      expect(await h.org.iam.listAPIKeys({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
    }
    expect((await h.org.iam.listAPIKeys({ accessKeys: [theirs.accessKey] })).totalCount).toBe(0)
    expect((await other.iam.getAPIKey({ accessKey: theirs.accessKey })).description).toBe('theirs')
  })

  it('refuses unknown enums, wrong types and over-long filters and bodies, appending nothing', async () => {
    const list = (query: string) => () => h.fetch(`${PATH}?${query}`, { secretKey: h.org.secretKey })
    await refused(list('bearer_type=robot'), 400, 'invalid_arguments')
    await refused(list('order_by=secret_asc'), 400, 'invalid_arguments')
    await refused(list('expired=perhaps'), 400, 'invalid_arguments')
    await refused(list(`description=${'d'.repeat(201)}`), 400, 'invalid_arguments')
    await refused(list('page_size=101'), 400, 'invalid_arguments')
    await refused(list(`user_id=${randomUUID()}&application_id=${randomUUID()}`), 400, 'invalid_arguments')
    const key = await owner.iam.createAPIKey({ applicationId, description: 'typed' })
    const patch = (body: unknown) => () => h.fetch(`${PATH}/${key.accessKey}`, { method: 'PATCH', secretKey: h.org.secretKey, body })
    await refused(patch({ description: ['x'] }), 400, 'invalid_arguments')
    await refused(patch({ description: 'd'.repeat(201) }), 400, 'invalid_arguments')
    await refused(patch({ expires_at: 12 }), 400, 'invalid_arguments')
    await refused(patch('{'), 400, 'invalid_arguments')
  })
})
