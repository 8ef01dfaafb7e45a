// SSH keys end to end: the official SDK against the server on DynamoDB Local, raw HTTP for what the SDK hides.
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { mergeTokens } from '../../../domain/core/consistency.js'
import { normalizeId } from '../../../domain/core/ids.js'
import { quotaCounterKey } from '../../../domain/scaleway/quota/quota.js'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'

// Fingerprints cross-checked with `ssh-keygen -l -E md5` (domain/scaleway/sshKey/publicKey.test.ts).
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO opensource@scaleway.com'
const RSA_2048 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCzMyZalck+yAKZVEDMupQ+lCoAY+PAaxkVpLWeSqzGIkm7WS028kgVWw+VqJWTRn+yPBKAsQlKzGGTvcmjLQ+xwgANWt8kJ63qyvcsJAFIyiNAQ2vBIf6ple/V6uxAOVYOhZ3vEu3Y0wF7wYrzmMS5IJqSk0/I14k5PQCT5u8kYNkaNnlTEZr791ekO4VPnaQucT1QDy9UDtS0j9PAimJFSkGz+bG3oNOoeNdli5m5PTa/0KCbtlLE0Yi05fAUaxjo3zHmiOW7zHh4Txpe/Bj7osG1Mj1oJnlASXorLNjXOTEKRfuPxTM5A/oGm4RqCevaaTgrk8RxUAV+3PaxcJET me@host'
const RSA_1024 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC1EZp7HoFF2aH+pbxAoMC0QDMmS4kEp5+DyS+w9dvrk6wilpKMURWjd0gNDK+nuk/6zHpxA8AYqi81izlfmk4qbAsrTfNQrKriVrAaAPjPXFoF3VEaQy/M/e8h/EYHf1sMgcsu9JMJEeK2prVDVAqh8CFd/xV4FLRjOeIYPj82Iw== me@host'
const ECDSA = {
  256: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKLeJgg3QEWDcGD7Zk7qP3Iva6UhqxNiDggYduF9+BgXGtsMjo6fMEkM3IG8kd0KJvO2aHAXwES1mr7ufkuRyqk= me@host',
  384: 'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBCJTb46FZEL2ehpUTafLsV2TWppdhuhhICUeQP+UevuZfKmcmCuxdQ4cisOlNvPJ9nCpJbATENt+ZChMhqn+HRqRrAM055MH33N9ir4Krf4zJ4Aasbky62AP8FH4If8Aag== me@host',
  521: 'ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAHAC2Fp5CGq+OKK9tgcSbH+tErWAtywqU9BmQXE9t/Cg+3j7lYKktgmazI4PAFsevw+eW54hC90ytuoNeBtGIvNzgH0jDIz5FfGcHCAC6bWrQw66itDKTvY6zy2Jt8cWPd45B47UNsBTq0jFJwiaYDjSH6zBZsCP+dNdiLzy9ajWDkffQ== me@host',
}
const DSS = `ssh-dss ${wire('ssh-dss', 'p', 'q', 'g', 'y')}`

function wire(...fields: Array<string | Buffer>): string {
  return Buffer.concat(
    fields.map((field) => {
      const bytes = typeof field === 'string' ? Buffer.from(field, 'latin1') : field
      const length = Buffer.alloc(4)
      length.writeUInt32BE(bytes.length)
      return Buffer.concat([length, bytes])
    }),
  ).toString('base64')
}

/** A fresh ed25519 public key in OpenSSH form. */
function newEd25519(): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' })
  return `ssh-ed25519 ${wire('ssh-ed25519', der.subarray(der.length - 32))} test@host`
}

const uuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
const PATH = '/iam/v1alpha1/ssh-keys'

describe('Scaleway SSH keys', () => {
  let h: ScalewayHarness
  let other: TestOrganization

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
  }, 60_000)
  afterAll(async () => h?.close())

  /** Creates a key over raw HTTP: the body and the consistency token the write answered. */
  async function create(body: Record<string, unknown>, secretKey = h.org.secretKey) {
    const response = await h.fetch(PATH, { method: 'POST', secretKey, body })
    expect(response.status, await response.clone().text()).toBe(200)
    return { key: (await response.json()) as Record<string, unknown>, token: response.headers.get('x-consistency-token')! }
  }

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

  it('registers a key in the default project, without its comment, with its fingerprint', async () => {
    const key = await h.org.iam.createSSHKey({ name: 'laptop', publicKey: ED25519 })
    expect(key).toMatchObject({
      name: 'laptop',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO',
      fingerprint: '256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 (ssh-ed25519)',
      organizationId: h.org.organizationId,
      projectId: h.org.organizationId,
      disabled: false,
    })
    expect(key.createdAt).toBeInstanceOf(Date)
    expect(key.updatedAt).toEqual(key.createdAt)
    expect(await h.org.iam.getSSHKey({ sshKeyId: key.id })).toEqual(key)
  })

  it('accepts RSA of 2048 bits and the three NIST curves, in a given project', async () => {
    const projectId = randomUUID()
    const rsa = await h.org.iam.createSSHKey({ name: 'rsa', publicKey: RSA_2048, projectId })
    expect(rsa).toMatchObject({ projectId, organizationId: h.org.organizationId, fingerprint: '2048 MD5:44:5d:a0:b6:c5:53:0f:2f:50:37:bc:e9:12:2e:2e:1c (ssh-rsa)' })
    for (const [bits, publicKey] of Object.entries(ECDSA)) {
      const key = await h.org.iam.createSSHKey({ name: `ecdsa-${bits}`, publicKey, projectId })
      expect(key.fingerprint).toMatch(new RegExp(`^${bits} MD5:([0-9a-f]{2}:){15}[0-9a-f]{2} \\(ecdsa-sha2-nistp${bits}\\)$`))
    }
  })

  it('refuses the same key twice in a project (409), but not in another project or organization', async () => {
    const projectId = randomUUID()
    const publicKey = newEd25519()
    await h.org.iam.createSSHKey({ name: 'one', publicKey, projectId })
    const error = await h.org.iam.createSSHKey({ name: 'two', publicKey: publicKey.replace('test@host', 'other comment'), projectId }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.AlreadyExistsError)
    expect(error).toMatchObject({ resource: 'ssh_key' })
    await refused(() => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body: { name: 'three', public_key: publicKey, project_id: projectId } }), 409, 'already_exists')
    await h.org.iam.createSSHKey({ name: 'elsewhere', publicKey, projectId: randomUUID() })
    await other.iam.createSSHKey({ name: 'other org', publicKey, projectId })
  })

  it('frees the key for its project again when it is deleted', async () => {
    const publicKey = newEd25519()
    const key = await h.org.iam.createSSHKey({ name: 'temporary', publicKey })
    await h.org.iam.deleteSSHKey({ sshKeyId: key.id })
    expect(await h.org.iam.getSSHKey({ sshKeyId: key.id }).catch((e: unknown) => e)).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((await h.org.iam.deleteSSHKey({ sshKeyId: key.id }).catch((e: unknown) => e))).toBeInstanceOf(Errors.ResourceNotFoundError)
    await h.org.iam.createSSHKey({ name: 'again', publicKey })
  })

  it('refuses malformed keys, ssh-dss and short RSA keys with 400, appending nothing', async () => {
    const error = await h.org.iam.createSSHKey({ name: 'bad', publicKey: 'ssh-ed25519 AAAA' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.InvalidArgumentsError)
    expect((error as Errors.InvalidArgumentsError).details).toMatchObject([{ argumentName: 'public_key' }])
    for (const publicKey of [DSS, RSA_1024, 'not a key', 'ssh-ed25519 not*base64', `ssh-rsa ${ED25519.split(' ')[1]}`, `${ED25519} ${'x'.repeat(65_000)}`]) {
      const body = await refused(() => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body: { name: 'bad', public_key: publicKey } }), 400, 'invalid_arguments')
      expect(body.details).toMatchObject([{ argument_name: 'public_key' }])
    }
  })

  it('refuses wrong types, missing fields, over-long names, bad JSON and a project that is no id', async () => {
    const post = (body: unknown) => () => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body })
    await refused(post({ name: 'x', public_key: 42 }), 400, 'invalid_arguments')
    await refused(post({ name: 'x' }), 400, 'invalid_arguments')
    await refused(post({ name: 'n'.repeat(1001), public_key: newEd25519() }), 400, 'invalid_arguments')
    await refused(post({ name: 'x', public_key: newEd25519(), project_id: 'not-a-project' }), 400, 'invalid_arguments')
    await refused(post('{"name": '), 400, 'invalid_arguments')
    const key = await h.org.iam.createSSHKey({ name: 'typed', publicKey: newEd25519() })
    const patch = (body: unknown) => () => h.fetch(`${PATH}/${key.id}`, { method: 'PATCH', secretKey: h.org.secretKey, body })
    await refused(patch({ disabled: 'yes' }), 400, 'invalid_arguments')
    await refused(patch({ name: 'n'.repeat(1001) }), 400, 'invalid_arguments')
  })

  it('renames, disables and enables a key; a change that changes nothing appends nothing', async () => {
    const key = await h.org.iam.createSSHKey({ name: 'before', publicKey: newEd25519() })
    const renamed = await h.org.iam.updateSSHKey({ sshKeyId: key.id, name: 'after', disabled: true })
    expect(renamed).toMatchObject({ id: key.id, name: 'after', disabled: true, createdAt: key.createdAt })
    expect(renamed.updatedAt!.getTime()).toBeGreaterThanOrEqual(key.updatedAt!.getTime())
    expect(await h.org.iam.getSSHKey({ sshKeyId: key.id })).toEqual(renamed)
    const before = await h.eventCount(h.org.organizationId)
    expect(await h.org.iam.updateSSHKey({ sshKeyId: key.id, name: 'after', disabled: true })).toEqual(renamed)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    expect(await h.org.iam.updateSSHKey({ sshKeyId: key.id, disabled: false })).toMatchObject({ name: 'after', disabled: false })
  })

  it('answers unknown, malformed and foreign ids with the same 404, appending nothing', async () => {
    const foreign = await other.iam.createSSHKey({ name: 'theirs', publicKey: newEd25519() })
    const unknown = randomUUID()
    const bodies: Array<Record<string, unknown>> = []
    for (const id of [foreign.id, unknown]) {
      expect(await h.org.iam.getSSHKey({ sshKeyId: id }).catch((e: unknown) => e)).toMatchObject({ resource: 'ssh_key', resourceId: id })
      bodies.push(await refused(() => h.fetch(`${PATH}/${id}`, { secretKey: h.org.secretKey }), 404, 'not_found'))
      await refused(() => h.fetch(`${PATH}/${id}`, { method: 'PATCH', secretKey: h.org.secretKey, body: { name: 'mine' } }), 404, 'not_found')
      await refused(() => h.fetch(`${PATH}/${id}`, { method: 'DELETE', secretKey: h.org.secretKey }), 404, 'not_found')
    }
    expect({ ...bodies[0], resource_id: '' }).toEqual({ ...bodies[1], resource_id: '' })
    await refused(() => h.fetch(`${PATH}/not-an-id`, { secretKey: h.org.secretKey }), 404, 'not_found')
    expect(await other.iam.getSSHKey({ sshKeyId: foreign.id })).toMatchObject({ name: 'theirs' })
  })

  it('lists with every filter and order, pages with .all(), and honours consistency tokens', async () => {
    const projectId = randomUUID()
    const made: Array<{ key: Record<string, unknown>; token: string }> = []
    for (const name of ['delta', 'Alpha', 'charlie', 'bravo', 'echo']) made.push(await create({ name, public_key: newEd25519(), project_id: projectId }))
    const disabled = await h.fetch(`${PATH}/${made[0]!.key.id}`, { method: 'PATCH', secretKey: h.org.secretKey, body: { disabled: true } })
    const token = mergeTokens(...made.map((m) => m.token), disabled.headers.get('x-consistency-token'))

    // The server waits for the token before it reads the list.
    const raw = await h.fetch(`${PATH}?project_id=${projectId}&order_by=name_asc`, { secretKey: h.org.secretKey, headers: { 'X-Consistency-Token': token } })
    const page = (await raw.json()) as { ssh_keys: Array<{ name: string; disabled: boolean }>; total_count: number }
    expect(raw.headers.get('content-type')).toBe('application/json')
    expect(page.total_count).toBe(5)
    expect(page.ssh_keys.map((key) => key.name)).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo'])
    await h.settle(token)

    const names = async (request: Parameters<typeof h.org.iam.listSSHKeys>[0]) =>
      (await h.org.iam.listSSHKeys({ projectId, ...request }).all()).map((key) => key.name)
    expect(await names({ pageSize: 2 })).toEqual(['delta', 'Alpha', 'charlie', 'bravo', 'echo'])
    expect(await names({ pageSize: 2, orderBy: 'created_at_desc' })).toEqual(['echo', 'bravo', 'charlie', 'Alpha', 'delta'])
    expect(await names({ orderBy: 'name_desc' })).toEqual(['echo', 'delta', 'charlie', 'bravo', 'Alpha'])
    expect((await names({ orderBy: 'updated_at_desc' }))[0]).toBe('delta')
    expect(await names({ orderBy: 'updated_at_asc' })).toEqual(['Alpha', 'charlie', 'bravo', 'echo', 'delta'])
    expect(await names({ name: 'ALP' })).toEqual(['Alpha'])
    expect(await names({ disabled: true })).toEqual(['delta'])
    expect(await names({ disabled: false })).toEqual(['Alpha', 'charlie', 'bravo', 'echo'])
    expect(await names({ organizationId: h.org.organizationId, orderBy: 'name_asc', name: 'o' })).toEqual(['bravo', 'echo'])

    const everything = await h.org.iam.listSSHKeys({ pageSize: 100 })
    expect(everything.sshKeys.every((key) => key.organizationId === h.org.organizationId)).toBe(true)
    expect(everything.sshKeys.map((key) => key.name)).not.toContain('theirs')
    const past = (await (await h.fetch(`${PATH}?project_id=${projectId}&page=9&page_size=2&disabled=TRUE`, { secretKey: h.org.secretKey })).json()) as Record<string, unknown>
    expect(past).toEqual({ ssh_keys: [], total_count: 1 })
  })

  it('refuses a list of another organization and bad query values', async () => {
    const listed = await h.org.iam.listSSHKeys({ organizationId: other.organizationId }).catch((e: unknown) => e)
    expect(listed).toBeInstanceOf(Errors.PermissionsDeniedError)
    await refused(() => h.fetch(`${PATH}?order_by=size_asc`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?disabled=maybe`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?page_size=101`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
    await refused(() => h.fetch(`${PATH}?project_id=nope`, { secretKey: h.org.secretKey }), 400, 'invalid_arguments')
  })

  it('drops a deleted key from the list', async () => {
    const { key, token } = await create({ name: 'gone soon', public_key: newEd25519() })
    const deleted = await h.fetch(`${PATH}/${key.id}`, { method: 'DELETE', secretKey: h.org.secretKey })
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')
    await h.settle(mergeTokens(token, deleted.headers.get('x-consistency-token')))
    expect((await h.org.iam.listSSHKeys({ name: 'gone soon' })).totalCount).toBe(0)
  })

  it('counts SSH keys against the organization quota of 50, in the creating transaction', async () => {
    const tenant = await h.createOrganization('quota')
    const first = await tenant.iam.createSSHKey({ name: 'first', publicKey: newEd25519() })
    // 48 more keys, as the counter item the creations keep would say (creating them one by one is slow).
    const counter = quotaCounterKey(normalizeId(tenant.organizationId)!, 'ssh_keys')
    await h.deps.dynamo.doc.send(new UpdateCommand({ TableName: h.deps.dynamo.tables.state, Key: counter, UpdateExpression: 'ADD n :more', ExpressionAttributeValues: { ':more': 48 } }))
    await tenant.iam.createSSHKey({ name: 'fiftieth', publicKey: newEd25519() })
    const error = await tenant.iam.createSSHKey({ name: 'one too many', publicKey: newEd25519() }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.QuotasExceededError)
    expect((error as Errors.QuotasExceededError).list).toMatchObject([{ resource: 'ssh_keys', quota: 50 }])
    await tenant.iam.deleteSSHKey({ sshKeyId: first.id })
    await tenant.iam.createSSHKey({ name: 'in its place', publicKey: newEd25519() })
  })

  it('replays a create sent again with the same Idempotency-Key, appending nothing', async () => {
    const body = { name: 'once', public_key: ED25519, project_id: randomUUID() }
    const send = (sent: unknown) => h.fetch(PATH, { method: 'POST', secretKey: h.org.secretKey, body: sent, headers: { 'Idempotency-Key': 'ssh-once' } })
    const first = await send(body)
    expect(first.status).toBe(200)
    const key = (await first.json()) as { id: string }
    const before = await h.eventCount(h.org.organizationId)
    const same = await send(body)
    expect(same.status).toBe(200)
    expect(same.headers.get('idempotent-replayed')).toBe('true')
    expect(((await same.json()) as { id: string }).id).toBe(key.id)
    expect((await send({ ...body, name: 'twice' })).status).toBe(409)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })

  it('renders ids as UUIDs', async () => {
    const { key } = await create({ name: 'uuid', public_key: newEd25519(), project_id: uuid('ab'.repeat(16)) })
    expect(key.project_id).toBe(uuid('ab'.repeat(16)))
    expect(key.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  })
})
