// User connections end to end through the official SDK: a user of one organization connects to its account in
// another, each organization authorizing its own side; the token is shown once and stored nowhere in clear;
// another tenant can neither see nor touch a connection.
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../functions/store/secrets.js'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error)

describe('Scaleway user connections', () => {
  let h: ScalewayHarness
  let a: TestOrganization
  let b: TestOrganization
  let c: TestOrganization

  beforeAll(async () => {
    h = await startScalewayHarness()
    a = h.org
    b = await h.createOrganization('connections-b')
    c = await h.createOrganization('connections-c')
  }, 120_000)
  afterAll(async () => h?.close())

  /** Everything a table holds, as text. */
  async function tableText(table: string): Promise<string> {
    const items: unknown[] = []
    let start: Record<string, unknown> | undefined
    do {
      const page = await h.deps.dynamo.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }))
      items.push(...(page.Items ?? []))
      start = page.LastEvaluatedKey
    } while (start)
    return JSON.stringify(items)
  }

  it('connects two organizations, each side authorizing its part, and removes the connection from either side', async () => {
    const { token } = await a.iam.initiateUserConnection({ userId: a.ownerUserId })
    expect(token.length).toBeGreaterThanOrEqual(40)
    const joined = await h.fetch(`/iam/v1alpha1/users/${b.ownerUserId}/join-connection`, { method: 'POST', secretKey: b.secretKey, body: { token } })
    expect(joined.status).toBe(204)
    // Every projection gets past the events the join appended in both organizations.
    await h.settle(joined.headers.get('x-consistency-token'))

    const ownerB = await b.iam.getUser({ userId: b.ownerUserId })
    const ownerA = await a.iam.getUser({ userId: a.ownerUserId })
    expect(await a.iam.getUserConnections({ userId: a.ownerUserId })).toEqual({
      connections: [{ organization: { id: b.organizationId, name: 'connections-b', locked: false }, user: { id: b.ownerUserId, username: ownerB.username, type: 'owner' } }],
    })
    expect(await b.iam.getUserConnections({ userId: b.ownerUserId })).toEqual({
      connections: [{ organization: { id: a.organizationId, name: 'first', locked: false }, user: { id: a.ownerUserId, username: ownerA.username, type: 'owner' } }],
    })

    // The token is used up.
    const reused = await failure(c.iam.joinUserConnection({ userId: c.ownerUserId, token }))
    expect(reused).toBeInstanceOf(Errors.InvalidArgumentsError)
    expect((reused as Errors.InvalidArgumentsError).details.map((d) => d.argumentName)).toEqual(['token'])

    await b.iam.removeUserConnection({ userId: b.ownerUserId, targetUserId: a.ownerUserId })
    expect(await a.iam.getUserConnections({ userId: a.ownerUserId })).toEqual({ connections: [] })
    expect(await b.iam.getUserConnections({ userId: b.ownerUserId })).toEqual({ connections: [] })
    expect(await failure(a.iam.removeUserConnection({ userId: a.ownerUserId, targetUserId: b.ownerUserId }))).toBeInstanceOf(Errors.ResourceNotFoundError)
  })

  it('keeps the token out of every table: only its SHA-256, in the global ~conntoken item', async () => {
    const { token } = await a.iam.initiateUserConnection({ userId: a.ownerUserId })
    const [events, state, read] = await Promise.all([h.deps.dynamo.tables.events, h.deps.dynamo.tables.state, h.deps.dynamo.tables.read].map(tableText))
    for (const text of [events, state, read]) expect(text).not.toContain(token)
    expect(events).not.toContain(sha256Hex(token))
    expect(state).toContain(`~conntoken#${sha256Hex(token)}`)
  })

  it('answers an empty token when an initiation is replayed, and supersedes the earlier token on a new one', async () => {
    const send = () => h.fetch(`/iam/v1alpha1/users/${a.ownerUserId}/initiate-connection`, {
      method: 'POST', secretKey: a.secretKey, body: {}, headers: { 'Idempotency-Key': 'initiate-once' },
    })
    const first = (await (await send()).json()) as { token: string }
    const replay = await send()
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.json()).toEqual({ token: '' })
    const { token: newer } = await a.iam.initiateUserConnection({ userId: a.ownerUserId })
    expect(await failure(c.iam.joinUserConnection({ userId: c.ownerUserId, token: first.token }))).toBeInstanceOf(Errors.InvalidArgumentsError)
    await c.iam.joinUserConnection({ userId: c.ownerUserId, token: newer })
    expect((await a.iam.getUserConnections({ userId: a.ownerUserId })).connections.map((x) => x.user?.id)).toEqual([c.ownerUserId])
    await a.iam.removeUserConnection({ userId: a.ownerUserId, targetUserId: c.ownerUserId })
  })

  it('refuses a user of the same organization and a second user of an organization already connected', async () => {
    const member = await a.iam.createUser({ member: { username: `member-${Date.now()}`, password: 'A-long-password-1', email: '', sendPasswordEmail: false, sendWelcomeEmail: false, firstName: '', lastName: '', phoneNumber: '', locale: '' } } as never)
    const same = await a.iam.initiateUserConnection({ userId: a.ownerUserId })
    expect(await failure(a.iam.joinUserConnection({ userId: member.id, token: same.token }))).toBeInstanceOf(Errors.PreconditionFailedError)

    const { token } = await b.iam.initiateUserConnection({ userId: b.ownerUserId })
    await a.iam.joinUserConnection({ userId: member.id, token })
    const { token: second } = await b.iam.initiateUserConnection({ userId: b.ownerUserId })
    expect(await failure(a.iam.joinUserConnection({ userId: a.ownerUserId, token: second }))).toBeInstanceOf(Errors.AlreadyExistsError)
    await a.iam.removeUserConnection({ userId: member.id, targetUserId: b.ownerUserId })
  })

  it('lets each organization authorize only its own side', async () => {
    // A principal of organization B without any policy may not join, even with a valid token.
    const application = await b.iam.createApplication({ name: 'no-policy', description: '' })
    const key = await b.iam.createAPIKey({ applicationId: application.id, description: 'no policy' })
    const powerless = h.sdk({ accessKey: key.accessKey, secretKey: key.secretKey!, organizationId: b.organizationId })
    const { token } = await a.iam.initiateUserConnection({ userId: a.ownerUserId })
    expect(await failure(powerless.joinUserConnection({ userId: b.ownerUserId, token }))).toBeInstanceOf(Errors.PermissionsDeniedError)
    expect(await failure(powerless.initiateUserConnection({ userId: b.ownerUserId }))).toBeInstanceOf(Errors.PermissionsDeniedError)
    expect(await failure(powerless.getUserConnections({ userId: b.ownerUserId }))).toBeInstanceOf(Errors.PermissionsDeniedError)
  })

  it("never lets another tenant see or touch a user's connections", async () => {
    const { token } = await a.iam.initiateUserConnection({ userId: a.ownerUserId })
    await b.iam.joinUserConnection({ userId: b.ownerUserId, token })
    const before = await Promise.all([a, b].map((org) => h.eventCount(org.organizationId)))

    // Organization C names A's and B's users: they are not its users.
    expect(await failure(c.iam.getUserConnections({ userId: a.ownerUserId }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await failure(c.iam.initiateUserConnection({ userId: a.ownerUserId }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await failure(c.iam.removeUserConnection({ userId: b.ownerUserId, targetUserId: a.ownerUserId }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await failure(c.iam.joinUserConnection({ userId: a.ownerUserId, token: 'x'.repeat(43) }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    // C's own user is not connected to A's.
    expect(await failure(c.iam.removeUserConnection({ userId: c.ownerUserId, targetUserId: a.ownerUserId }))).toBeInstanceOf(Errors.ResourceNotFoundError)

    expect(await Promise.all([a, b].map((org) => h.eventCount(org.organizationId)))).toEqual(before)
    expect((await a.iam.getUserConnections({ userId: a.ownerUserId })).connections.map((x) => x.user?.id)).toEqual([b.ownerUserId])
  })
})
