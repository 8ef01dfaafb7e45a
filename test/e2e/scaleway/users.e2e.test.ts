// Users end to end: the official SDK against the server on DynamoDB Local, raw HTTP for what the SDK hides, and the
// local outbox for the e-mails users are sent.
import { randomUUID } from 'node:crypto'
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeId } from '../../../domain/core/ids.js'
import { quotaCounterKey } from '../../../domain/scaleway/quota/quota.js'
import { verifyPassword } from '../../../functions/store/secrets.js'
import { listOutbox } from '../../../functions/notify/index.js'
import { passwordItemKey } from '../../../functions/api/scaleway/handlers/passwordItem.js'
import { startScalewayHarness, uniqueName, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { readYourWrites, type ReadYourWrites } from './readYourWrites.js'

const PATH = '/iam/v1alpha1/users'
const PASSWORD = 'Correct-horse-7'

describe('Scaleway users', () => {
  let h: ScalewayHarness
  let other: TestOrganization
  let owner: ReadYourWrites

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
    owner = readYourWrites(h.baseUrl, h.org)
  }, 60_000)
  afterAll(async () => h?.close())

  const member = (username: string, extra: Record<string, unknown> = {}) =>
    owner.iam.createUser({ member: { username, password: PASSWORD, email: `${username}@example.com`, sendPasswordEmail: false, sendWelcomeEmail: false, firstName: '', lastName: '', phoneNumber: '', locale: '', ...extra } })

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

  it("gives the organization's owner a user profile that cannot be deleted or locked", async () => {
    const ownerUser = await owner.iam.getUser({ userId: h.org.ownerUserId })
    expect(ownerUser).toMatchObject({
      id: h.org.ownerUserId, organizationId: h.org.organizationId, type: 'owner', status: 'activated', deletable: false, locked: false,
      mfa: false, twoFactorEnabled: false, accountRootUserId: h.org.ownerUserId, tags: [],
    })
    expect(ownerUser.email).toMatch(/^owner-.+@example\.com$/)
    expect((await owner.iam.listUsers({ type: 'owner' })).users.map((user) => user.id)).toEqual([h.org.ownerUserId])
    const deletion = await owner.iam.deleteUser({ userId: h.org.ownerUserId }).catch((e: unknown) => e)
    expect(deletion).toBeInstanceOf(Errors.PreconditionFailedError)
    expect(await owner.iam.lockUser({ userId: h.org.ownerUserId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PreconditionFailedError)
  })

  it('invites a guest by e-mail, pending, and sends the invitation through the outbox', async () => {
    const email = `${uniqueName('guest')}@example.com`
    const guest = await owner.iam.createUser({ email, tags: ['guest'] })
    expect(guest).toMatchObject({ email, username: email, type: 'member', status: 'invitation_pending', tags: ['guest'], deletable: true, accountRootUserId: '' })
    expect(guest.lastLoginAt).toBeUndefined()
    expect(await owner.iam.getUser({ userId: guest.id })).toEqual(guest)
    // 001-era SDKs filter on `guest`, which covers invited users only.
    const guests = await h.fetch(`${PATH}?type=guest&user_ids=${guest.id}&user_ids=${h.org.ownerUserId}`, { secretKey: h.org.secretKey, headers: { 'X-Consistency-Token': owner.token()! } })
    expect(((await guests.json()) as { users: Array<{ id: string }> }).users.map((user) => user.id)).toEqual([guest.id])
    const outbox = await listOutbox(h.deps.dynamo, { organizationId: normalizeId(h.org.organizationId) })
    expect(outbox.filter((entry) => entry.to === email)).toMatchObject([{ template: 'invitation', data: { user_id: guest.id } }])
    // A guest's profile belongs to its own account: only its tags change here.
    expect(await owner.iam.updateUser({ userId: guest.id, firstName: 'Guest' }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PreconditionFailedError)
    expect((await owner.iam.updateUser({ userId: guest.id, tags: ['guest', 'new'] })).tags).toEqual(['guest', 'new'])
  })

  it('creates a member with a username and a password kept only as an scrypt hash, e-mailing it what was asked', async () => {
    const username = uniqueName('member')
    const created = await member(username, { firstName: 'Ada', locale: 'en_US', sendWelcomeEmail: true, sendPasswordEmail: true })
    expect(created).toMatchObject({ username, email: `${username}@example.com`, firstName: 'Ada', locale: 'en_US', type: 'member', status: 'activated', locked: false })
    const item = await h.deps.dynamo.doc.send(new GetCommand({ TableName: h.deps.dynamo.tables.state, Key: passwordItemKey(normalizeId(h.org.organizationId)!, normalizeId(created.id)!), ConsistentRead: true }))
    expect(String(item.Item?.hash)).toMatch(/^scrypt\$/)
    expect(await verifyPassword(PASSWORD, String(item.Item?.hash))).toBe(true)

    const outbox = (await listOutbox(h.deps.dynamo, { organizationId: normalizeId(h.org.organizationId) })).filter((entry) => entry.to === created.email)
    expect(outbox.map((entry) => entry.template).sort()).toEqual(['password_set', 'welcome'])
    for (const table of [h.deps.dynamo.tables.events, h.deps.dynamo.tables.state, h.deps.dynamo.tables.read]) {
      expect(JSON.stringify((await h.deps.dynamo.doc.send(new ScanCommand({ TableName: table }))).Items)).not.toContain(PASSWORD)
    }
  })

  it('changes the password, refusing weak ones, and e-mails the change', async () => {
    const user = await member(uniqueName('pw'))
    const changed = await owner.iam.updateUserPassword({ userId: user.id, password: 'An0ther-secret' })
    expect(changed.updatedAt!.getTime()).toBeGreaterThanOrEqual(user.updatedAt!.getTime())
    const item = await h.deps.dynamo.doc.send(new GetCommand({ TableName: h.deps.dynamo.tables.state, Key: passwordItemKey(normalizeId(h.org.organizationId)!, normalizeId(user.id)!), ConsistentRead: true }))
    expect(await verifyPassword('An0ther-secret', String(item.Item?.hash))).toBe(true)
    const outbox = (await listOutbox(h.deps.dynamo, { organizationId: normalizeId(h.org.organizationId) })).filter((entry) => entry.to === user.email)
    expect(outbox.map((entry) => entry.template)).toEqual(['password_changed'])
    for (const password of ['short', user.username, user.email.toUpperCase(), 'é'.repeat(37)]) {
      const error = await owner.iam.updateUserPassword({ userId: user.id, password }).catch((e: unknown) => e)
      expect(error, password).toBeInstanceOf(Errors.InvalidArgumentsError)
    }
    const weak = await owner.iam.createUser({ member: { username: uniqueName('weak'), password: 'abc', email: '', sendPasswordEmail: false, sendWelcomeEmail: false, firstName: '', lastName: '', phoneNumber: '', locale: '' } })
      .catch((e: unknown) => e)
    expect(weak).toBeInstanceOf(Errors.InvalidArgumentsError)
    expect((weak as Errors.InvalidArgumentsError).details).toMatchObject([{ argumentName: 'password' }])
  })

  it('updates the profile, and the username, unique in the organization regardless of case', async () => {
    const user = await member(uniqueName('profile'))
    const updated = await owner.iam.updateUser({ userId: user.id, firstName: 'Grace', lastName: 'Hopper', phoneNumber: '+33112345678', locale: 'fr_FR', tags: ['a', 'b'] })
    expect(updated).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', phoneNumber: '+33112345678', locale: 'fr_FR', tags: ['a', 'b'] })
    expect(await owner.iam.getUser({ userId: user.id })).toEqual(updated)
    expect((await owner.iam.updateUser({ userId: user.id, firstName: '' })).firstName).toBe('')
    const tooMany = await owner.iam.updateUser({ userId: user.id, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }).catch((e: unknown) => e)
    expect(tooMany).toBeInstanceOf(Errors.InvalidArgumentsError)

    const renamed = await owner.iam.updateUserUsername({ userId: user.id, username: `${user.username}-x` })
    expect(renamed.username).toBe(`${user.username}-x`)
    const taken = await member(uniqueName('taken'))
    const clash = await owner.iam.updateUserUsername({ userId: user.id, username: taken.username.toUpperCase() }).catch((e: unknown) => e)
    expect(clash).toBeInstanceOf(Errors.AlreadyExistsError)
    expect(await member(renamed.username).catch((e: unknown) => e)).toBeInstanceOf(Errors.AlreadyExistsError)
    expect(await owner.iam.createUser({ email: taken.email.toUpperCase() }).catch((e: unknown) => e)).toBeInstanceOf(Errors.AlreadyExistsError)
    // The old username is free again.
    expect((await member(user.username, { email: '' })).username).toBe(user.username)
  })

  it("locks a user: its keys fail with 401 locked until it is unlocked", async () => {
    const user = await member(uniqueName('lockable'))
    const key = await owner.iam.createAPIKey({ userId: user.id, description: 'locked soon' })
    const asUser = h.sdk({ accessKey: key.accessKey, secretKey: key.secretKey!, organizationId: h.org.organizationId })
    // No policy gives the user anything: authenticated, then denied.
    expect(await asUser.listUsers().catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)

    expect((await owner.iam.lockUser({ userId: user.id })).locked).toBe(true)
    const locked = await asUser.listUsers().catch((e: unknown) => e)
    expect(locked).toBeInstanceOf(Errors.DeniedAuthenticationError)
    expect(locked).toMatchObject({ method: 'api_key', reason: 'locked' })
    expect((await owner.iam.getUser({ userId: user.id })).locked).toBe(true)
    expect((await owner.iam.listUsers({ userIds: [user.id] })).users[0]?.locked).toBe(true)
    expect((await owner.iam.lockUser({ userId: user.id })).locked).toBe(true)

    expect((await owner.iam.unlockUser({ userId: user.id })).locked).toBe(false)
    expect(await asUser.listUsers().catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
  })

  it('deletes a user with its API keys and its password, in one request', async () => {
    const user = await member(uniqueName('leaving'))
    const key = await owner.iam.createAPIKey({ userId: user.id, description: 'goes with its user' })
    await owner.iam.deleteUser({ userId: user.id })
    expect(await owner.iam.getUser({ userId: user.id }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await owner.iam.getAPIKey({ accessKey: key.accessKey }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    const asUser = h.sdk({ accessKey: key.accessKey, secretKey: key.secretKey!, organizationId: h.org.organizationId })
    expect(await asUser.listUsers().catch((e: unknown) => e)).toMatchObject({ reason: 'not_found' })
    const item = await h.deps.dynamo.doc.send(new GetCommand({ TableName: h.deps.dynamo.tables.state, Key: passwordItemKey(normalizeId(h.org.organizationId)!, normalizeId(user.id)!), ConsistentRead: true }))
    expect(item.Item).toBeUndefined()
    expect((await owner.iam.listUsers({ userIds: [user.id] })).totalCount).toBe(0)
    expect((await owner.iam.listAPIKeys({ userId: user.id })).totalCount).toBe(0)
    expect(await owner.iam.deleteUser({ userId: user.id }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((await member(user.username)).username).toBe(user.username)
  })

  it('lists with every filter and order, and pages with .all()', async () => {
    const tag = uniqueName('users')
    const users = []
    for (const name of ['carol', 'alice', 'bob']) users.push(await member(`${tag}-${name}`, { email: `${name}-${tag}@example.com` }))
    await owner.iam.updateUser({ userId: users[0]!.id, tags: [tag] })
    await owner.iam.updateUser({ userId: users[2]!.id, tags: [`x-${tag}`] })
    const ids = (list: Array<{ id: string }>) => list.map((user) => user.id)
    const mine = { userIds: ids(users) }
    const [carol, alice, bob] = users as [typeof users[0], typeof users[0], typeof users[0]]

    expect(ids((await owner.iam.listUsers(mine)).users)).toEqual(ids([carol, alice, bob]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'created_at_desc' })).users)).toEqual(ids([bob, alice, carol]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'username_asc' })).users)).toEqual(ids([alice, bob, carol]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'username_desc' })).users)).toEqual(ids([carol, bob, alice]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'email_asc' })).users)).toEqual(ids([alice, bob, carol]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'email_desc' })).users)).toEqual(ids([carol, bob, alice]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'updated_at_desc' })).users)).toEqual(ids([bob, carol, alice]))
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'updated_at_asc' })).users)).toEqual(ids([alice, carol, bob]))
    // Nobody logged in: equal keys fall back to the id, so both directions list the same set without overlap.
    expect(ids((await owner.iam.listUsers({ ...mine, orderBy: 'last_login_asc' })).users).sort()).toEqual(ids(users).sort())
    expect((await owner.iam.listUsers({ ...mine, orderBy: 'last_login_desc' })).totalCount).toBe(3)

    expect(ids((await owner.iam.listUsers({ tag })).users)).toEqual(ids([carol, bob]))
    expect(ids((await owner.iam.listUsers({ tag: `X-${tag}` })).users)).toEqual(ids([bob]))
    expect((await owner.iam.listUsers({ ...mine, mfa: false })).totalCount).toBe(3)
    expect((await owner.iam.listUsers({ ...mine, mfa: true })).totalCount).toBe(0)
    expect((await owner.iam.listUsers({ ...mine, type: 'member' })).totalCount).toBe(3)
    expect((await owner.iam.listUsers({ ...mine, type: 'owner' })).totalCount).toBe(0)
    expect((await owner.iam.listUsers({ ...mine, type: 'unknown_type' })).totalCount).toBe(3)

    expect(ids(await owner.iam.listUsers({ ...mine, pageSize: 2 }).all())).toEqual(ids([carol, alice, bob]))
    expect(await owner.iam.listUsers({ ...mine, page: 3, pageSize: 2 })).toEqual({ users: [], totalCount: 3 })
  })

  it('refuses a user past the quota with 403 quotas_exceeded, appending nothing, and counts a deletion', async () => {
    const small = await h.createOrganization('quota')
    const iam = readYourWrites(h.baseUrl, small).iam
    // The owner is the first of 50 users; 47 more are counted as if they had been created one by one.
    const counter = quotaCounterKey(normalizeId(small.organizationId)!, 'users')
    await h.deps.dynamo.doc.send(new UpdateCommand({ TableName: h.deps.dynamo.tables.state, Key: counter, UpdateExpression: 'ADD n :more', ExpressionAttributeValues: { ':more': 47 } }))
    await iam.createUser({ email: 'forty-ninth@example.com' })
    const fiftieth = await iam.createUser({ email: 'fiftieth@example.com' })
    const before = await h.eventCount(small.organizationId)
    const error = await iam.createUser({ email: 'one-too-many@example.com' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.QuotasExceededError)
    expect((error as Errors.QuotasExceededError).list).toMatchObject([{ resource: 'users', quota: 50 }])
    expect(await h.eventCount(small.organizationId)).toBe(before)
    await iam.deleteUser({ userId: fiftieth.id })
    expect((await iam.createUser({ email: 'in-its-place@example.com' })).email).toBe('in-its-place@example.com')
  })

  it("answers another organization's users like unknown ones, and refuses its lists", async () => {
    const unknown = randomUUID()
    const foreign = await h.fetch(`${PATH}/${other.ownerUserId}`, { secretKey: h.org.secretKey })
    const missing = await h.fetch(`${PATH}/${unknown}`, { secretKey: h.org.secretKey })
    expect([foreign.status, missing.status]).toEqual([404, 404])
    expect({ ...((await foreign.json()) as object), resource_id: unknown }).toEqual(await missing.json())
    expect(await h.org.iam.lockUser({ userId: other.ownerUserId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await h.org.iam.updateUser({ userId: other.ownerUserId, tags: [] }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    for (const organizationId of [other.organizationId, randomUUID()]) {
      expect(await h.org.iam.listUsers({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
      expect(await h.org.iam.createUser({ organizationId, email: 'intruder@example.com' }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
    }
    expect((await h.org.iam.listUsers({ userIds: [other.ownerUserId] })).totalCount).toBe(0)
  })

  it('refuses bad JSON, wrong types, unknown enums, over-long strings, missing fields and unknown ids, appending nothing', async () => {
    const post = (body: unknown) => () => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body })
    await refused(post('{"email"'), 400, 'invalid_arguments')
    await refused(post({ email: 42 }), 400, 'invalid_arguments')
    await refused(post({ email: 'not-an-address' }), 400, 'invalid_arguments')
    await refused(post({}), 400, 'invalid_arguments')
    await refused(post({ email: 'both@example.com', member: { username: 'both', password: PASSWORD } }), 400, 'invalid_arguments')
    await refused(post({ member: { username: 'u'.repeat(151), password: PASSWORD } }), 400, 'invalid_arguments')
    await refused(post({ member: { username: 'spaces are bad', password: PASSWORD } }), 400, 'invalid_arguments')
    await refused(post({ member: { username: 'longpass', password: 'p'.repeat(73) } }), 400, 'invalid_arguments')
    await refused(post({ email: 'tags@example.com', tags: 'x' }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?type=robot`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?order_by=age_desc`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?mfa=sometimes`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')

    const user = await member(uniqueName('raw'))
    const action = (path: string, body: unknown, method = 'POST') => () => h.fetch(`${PATH}/${user.id}${path}`, { method, secretKey: h.org.secretKey, body })
    await refused(action('/update-username', {}), 400, 'invalid_arguments')
    await refused(action('/update-username', { username: 7 }), 400, 'invalid_arguments')
    await refused(action('/update-password', {}), 400, 'invalid_arguments')
    await refused(action('', { first_name: 'f'.repeat(65) }, 'PATCH'), 400, 'invalid_arguments')
    await refused(action('', { locale: 'english please' }, 'PATCH'), 400, 'invalid_arguments')
    await refused(action('', { tags: [1, 2] }, 'PATCH'), 400, 'invalid_arguments')
    for (const [path, method, body] of [['', 'GET'], ['', 'PATCH', {}], ['', 'DELETE'], ['/lock', 'POST', {}], ['/unlock', 'POST', {}], ['/update-username', 'POST', { username: 'ghost' }]] as const) {
      await refused(() => h.fetch(`${PATH}/${randomUUID()}${path}`, { method, secretKey: h.org.secretKey, ...(body && { body }) }), 404, 'not_found')
    }
  })
})
