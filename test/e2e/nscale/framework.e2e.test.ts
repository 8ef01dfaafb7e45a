// The nscale wire layer: OpenAPI document, bearer authentication, error shape, unknown routes and methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, type ScalewayHarness } from '../../support/scalewayHarness.js'

let h: ScalewayHarness
beforeAll(async () => {
  h = await startScalewayHarness()
}, 60_000)
afterAll(async () => h?.close())

describe('nscale wire layer', () => {
  it('serves its OpenAPI document with the 39 operations', async () => {
    const response = await h.fetch('/api/v1/openapi.json')
    expect(response.status).toBe(200)
    const document = (await response.json()) as { paths: Record<string, Record<string, { operationId: string }>> }
    const operationIds = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId))
    expect(operationIds).toHaveLength(39)
    expect(document.paths['/api/v1/organizations/{organizationID}/groups/{groupid}']).toBeDefined()
  })

  it('answers 401 access_denied without a token, with WWW-Authenticate', async () => {
    const response = await h.fetch('/api/v1/organizations')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect(await response.json()).toEqual({ error: 'access_denied', error_description: 'authorization header missing' })
  })

  it('answers 401 for a malformed header and an unknown token', async () => {
    for (const authorization of ['Basic abc', 'Bearer', 'Bearer a b', 'Bearer unknown-token-value', 'Bearer a.b.c']) {
      const response = await h.fetch('/api/v1/acl', { headers: { authorization } })
      expect(response.status, authorization).toBe(401)
      expect(((await response.json()) as { error: string }).error).toBe('access_denied')
    }
  })

  it('answers unknown routes 404 and wrong methods 405 in its shape', async () => {
    const unknown = await h.fetch('/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: string }).error).toBe('not_found')
    const wrong = await h.fetch('/api/v1/acl', { method: 'PATCH' })
    expect(wrong.status).toBe(405)
    expect(((await wrong.json()) as { error: string }).error).toBe('method_not_allowed')
  })
})
