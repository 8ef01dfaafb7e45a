// The SCP wire framework end to end: signatures, versions, routing precedence, errors, OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCP_ROUTES } from '../../../domain/scp/routes.js'
import { startScpHarness, type ScpHarness } from '../../support/scpHarness.js'

let h: ScpHarness

beforeAll(async () => {
  h = await startScpHarness()
})
afterAll(async () => {
  await h?.close()
})

describe('SCP framework', () => {
  it('publishes its OpenAPI document with the error body, without credentials', async () => {
    const response = await fetch(`${h.baseUrl}/v1/openapi.json`)
    expect(response.status).toBe(200)
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }
    expect(document.components.schemas.ScpError).toBeDefined()
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods))
    expect(operations).toHaveLength(SCP_ROUTES.length)
  })

  it('routes every operation: signed and authorized, an unimplemented one answers 501 in the error body', async () => {
    const response = await h.scp.request('GET', '/v1/saml-providers')
    expect([200, 501]).toContain(response.status)
    if (response.status === 501) expect(response.body).toMatchObject({ status: 501, code: 'not_implemented', request_id: expect.any(String) })
  })

  it('negotiates versions: 1.2 by default, Deprecation and Sunset on 1.0/1.1, 400 for unknown ones', async () => {
    const current = await h.scp.request('GET', '/v1/endpoints')
    expect(current.headers.get('deprecation')).toBeNull()
    const old = await h.scp.request('GET', '/v1/endpoints', { version: '1.0' })
    expect(old.headers.get('sunset')).toBe('Mon, 23 Feb 2026 00:00:00 GMT')
    expect(old.headers.get('deprecation')).toMatch(/^@\d+$/)
    const supported = await h.scp.request('GET', '/v1/endpoints', { version: '1.1' })
    expect(supported.headers.get('sunset')).toBe('Sun, 31 May 2026 00:00:00 GMT')
    const unknown = await h.scp.request('GET', '/v1/endpoints', { version: '2.0' })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({ code: 'unsupported_version' })
  })

  it('answers 404 for the single-user delete under 1.0 only', async () => {
    const path = `/v1/accounts/${h.org.organizationId}/users/${'a'.repeat(32)}`
    expect((await h.scp.request('DELETE', path, { version: '1.0' })).status).toBe(404)
  })

  it('routes literal segments before ids, and a malformed id as an unknown one', async () => {
    const bulk = await h.scp.request('GET', '/v1/access-keys/bulk')
    expect(bulk.status).toBe(404)
    expect(bulk.body).toMatchObject({ code: 'not_found' })
    const unknown = await h.scp.request('PATCH', '/v1/access-keys')
    expect(unknown.status).toBe(405)
  })

  it('refuses a malformed SRN path parameter with 400 naming srn', async () => {
    const response = await h.scp.request('GET', '/v1/resource-policies/not-base64!')
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code: 'invalid_argument', details: [{ field: 'srn' }] })
  })

  it('answers 401 without a signature, in the SCP error body', async () => {
    const response = await h.scp.request('GET', '/v1/endpoints', { unsigned: true })
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' })
  })
})
