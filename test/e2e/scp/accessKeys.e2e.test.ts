// Access keys (AK-1..7) and signed-request authentication, end to end through the signing client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listOutbox } from '../../../functions/notify/index.js'
import { startScpHarness, type ScpHarness, type ScpKey } from '../../support/scpHarness.js'

let h: ScpHarness

beforeAll(async () => {
  h = await startScpHarness()
})
afterAll(async () => {
  await h?.close()
})

async function createPermanent(description = 'ci'): Promise<{ id: string; key: ScpKey }> {
  const created = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'PERMANENT', description } })
  expect(created.status).toBe(201)
  return { id: created.body.access_key.id, key: { accessKey: created.body.access_key.access_key, secretKey: created.body.access_key.secret_key } }
}

async function passcode(): Promise<string> {
  expect((await h.scp.request('POST', '/v1/access-keys/send-otp', { body: { method: 'EMAIL', locale: 'en_US' } })).status).toBe(204)
  const entries = await listOutbox(h.h.deps.dynamo, { organizationId: h.org.organizationId })
  const last = entries.filter((entry) => entry.template === 'scp_access_key_otp').at(-1)
  return last!.data.passcode!
}

describe('SCP access keys', () => {
  it('creates a permanent key whose secret is shown once and which signs requests', async () => {
    const created = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'PERMANENT', description: 'deploy' } })
    expect(created.status).toBe(201)
    const key = created.body.access_key
    expect(key).toMatchObject({
      access_key_type: 'PERMANENT', account_id: h.org.organizationId, description: 'deploy', is_enabled: true,
      expiration_timestamp: '9999-12-31T23:59:59Z', parent_access_key_id: null, id: expect.stringMatching(/^[0-9a-f]{32}$/),
      access_key: expect.stringMatching(/^[0-9a-f]{32}$/), secret_key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    })
    const got = await h.scp.request('GET', `/v1/access-keys/${key.id}`)
    expect(got.body.access_key).toMatchObject({ id: key.id, secret_key: null })
    const signed = await h.client({ accessKey: key.access_key, secretKey: key.secret_key }).request('GET', `/v1/access-keys/${key.id}`, { version: '1.0' })
    expect(signed.status).toBe(200)
  })

  it('lists with limit, marker and with_count, links on IAM_PUBLIC_URL', async () => {
    await createPermanent('a')
    await createPermanent('b')
    const created = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'PERMANENT' } })
    const token = created.headers.get('x-consistency-token')!
    const first = await h.scp.request('GET', '/v1/access-keys?limit=2&with_count=true&sort=created_at:asc', { headers: { 'X-Consistency-Token': token } })
    expect(first.status).toBe(200)
    expect(first.body.access_keys).toHaveLength(2)
    expect(first.body.count).toBeGreaterThanOrEqual(4)
    expect(first.body.links.map((link: { rel: string }) => link.rel)).toEqual(['first', 'self', 'next'])
    const next = first.body.links.find((link: { rel: string }) => link.rel === 'next').href as string
    expect(next.startsWith(`${h.baseUrl}/v1/access-keys?`)).toBe(true)
    const second = await h.scp.request('GET', next.slice(h.baseUrl.length))
    expect(second.body.access_keys[0].id).not.toBe(first.body.access_keys[1].id)
    expect(second.body.count).toBeGreaterThanOrEqual(4)
    const filtered = await h.scp.request('GET', '/v1/access-keys?access_key_type=TEMPORARY')
    expect(filtered.body.access_keys.every((key: { access_key_type: string }) => key.access_key_type === 'TEMPORARY')).toBe(true)
    expect((await h.scp.request('GET', '/v1/access-keys?limit=0')).status).toBe(400)
  })

  it('disables and re-enables a key: a disabled key cannot sign (401, nothing appended)', async () => {
    const { id, key } = await createPermanent()
    const disabled = await h.scp.request('PUT', `/v1/access-keys/${id}`, { body: { is_enabled: false } })
    expect(disabled.body.access_key.is_enabled).toBe(false)
    const before = await h.eventCount(h.org.organizationId)
    const refused = await h.client(key).request('POST', '/v1/access-keys', { body: { access_key_type: 'PERMANENT' } })
    expect(refused.status).toBe(401)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    const enabled = await h.scp.request('PUT', `/v1/access-keys/${id}`, { body: {} })
    expect(enabled.body.access_key.is_enabled).toBe(true)
    expect((await h.client(key).request('GET', `/v1/access-keys/${id}`)).status).toBe(200)
  })

  it('deletes one key and several at once; a deleted key cannot sign', async () => {
    const one = await createPermanent()
    expect((await h.scp.request('DELETE', `/v1/access-keys/${one.id}`)).status).toBe(204)
    expect((await h.scp.request('GET', `/v1/access-keys/${one.id}`)).status).toBe(404)
    expect((await h.client(one.key).request('GET', '/v1/endpoints')).status).toBe(401)
    const [a, b] = [await createPermanent(), await createPermanent()]
    const bulk = await h.scp.request('DELETE', '/v1/access-keys/bulk', { body: { ids: [a.id, b.id], limit: 50, with_count: 'true' } })
    expect(bulk.status).toBe(200)
    const remaining = bulk.body.access_keys.map((key: { id: string }) => key.id)
    expect(remaining).not.toContain(a.id)
    expect(remaining).not.toContain(b.id)
    const unknown = await h.scp.request('DELETE', '/v1/access-keys/bulk', { body: { ids: ['f'.repeat(32)] } })
    expect(unknown.status).toBe(404)
  })

  it('creates a temporary key with a parent key and a one-time passcode; the passcode is single use', async () => {
    const parent = await createPermanent('parent')
    const missing = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'TEMPORARY', parent_access_key_id: parent.id } })
    expect(missing).toMatchObject({ status: 400, body: { details: [{ field: 'passcode' }] } })
    const code = await passcode()
    const wrong = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'TEMPORARY', parent_access_key_id: parent.id, passcode: code === '000000' ? '000001' : '000000' } })
    expect(wrong.status).toBe(400)
    const created = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'TEMPORARY', parent_access_key_id: parent.id, passcode: code, duration: 'PT1H' } })
    expect(created.status).toBe(201)
    expect(created.body.access_key).toMatchObject({ access_key_type: 'TEMPORARY', parent_access_key_id: parent.id })
    expect(Date.parse(created.body.access_key.expiration_timestamp) - Date.now()).toBeGreaterThan(50 * 60_000)
    const again = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'TEMPORARY', parent_access_key_id: parent.id, passcode: code } })
    expect(again.status).toBe(400)
    const temporary = { accessKey: created.body.access_key.access_key, secretKey: created.body.access_key.secret_key }
    expect((await h.client(temporary).request('GET', '/v1/endpoints')).status).not.toBe(401)
  })

  it('refuses an expired temporary key at request time (401, nothing appended)', async () => {
    const parent = await createPermanent('parent')
    const code = await passcode()
    const created = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'TEMPORARY', parent_access_key_id: parent.id, passcode: code, duration: 'PT1S' } })
    expect(created.status).toBe(201)
    const temporary = { accessKey: created.body.access_key.access_key, secretKey: created.body.access_key.secret_key }
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const before = await h.eventCount(h.org.organizationId)
    const refused = await h.client(temporary).request('POST', '/v1/access-keys', { body: { access_key_type: 'PERMANENT' } })
    expect(refused.status).toBe(401)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })
})

describe('SCP signatures', () => {
  const write = { body: { access_key_type: 'PERMANENT' } }

  async function refusedWithoutAppend(send: () => Promise<{ status: number; body: any }>): Promise<void> {
    const before = await h.eventCount(h.org.organizationId)
    const response = await send()
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' })
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  }

  it('refuses a wrong secret', () => refusedWithoutAppend(() => h.scp.request('POST', '/v1/access-keys', { ...write, sign: { secretKey: '00000000-0000-4000-8000-000000000000' } })))
  it('refuses a signature over another method', () => refusedWithoutAppend(() => h.scp.request('POST', '/v1/access-keys', { ...write, sign: { method: 'GET' } })))
  it('refuses a signature over another URL', () => refusedWithoutAppend(() => h.scp.request('POST', '/v1/access-keys', { ...write, sign: { url: `${h.baseUrl}/v1/access-keys?x=1` } })))
  it('refuses a stale timestamp', () => refusedWithoutAppend(() => h.scp.request('POST', '/v1/access-keys', { ...write, sign: { timestamp: String(Date.now() - 600_000) } })))
  it('refuses an unknown access key', () => refusedWithoutAppend(() => h.scp.request('POST', '/v1/access-keys', { ...write, key: { accessKey: 'f'.repeat(32), secretKey: 'x' } })))

  it('refuses a replayed write, and lets a GET be replayed in the window', async () => {
    const created = await h.scp.request('POST', '/v1/access-keys', write)
    expect(created.status).toBe(201)
    await refusedWithoutAppend(() => h.scp.replayLast())
    const read = await h.scp.request('GET', '/v1/endpoints')
    expect((await h.scp.replayLast()).status).toBe(read.status)
  })

  it('verifies URLs with encoded characters and queries as the client signed them', async () => {
    const response = await h.scp.request('GET', '/v1/access-keys?sort=created_at:desc&limit=1&with_count=true')
    expect(response.status).toBe(200)
  })
})
