import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { localClient } from '../local/dynamodbLocal.js'
import { wrap } from '../store/dynamo.js'
import { tableNames } from '../store/tables.js'
import { createApp } from './app.js'
import { createDeps } from './deps.js'
import type { Surface } from './surfaces.js'

// No route exercised here reaches DynamoDB: the client points nowhere.
function appWith(options: { ready?: Record<string, boolean>; surfaces?: Surface[]; maxBodyBytes?: number } = {}) {
  const config = loadConfig({ IAM_MAX_BODY_BYTES: String(options.maxBodyBytes ?? 64) })
  const deps = createDeps(config, wrap(localClient('http://127.0.0.1:9'), tableNames('unit-')), {
    readiness: () => options.ready ?? { tables: true, projector: true },
  })
  deps.logger.setLogLevel('SILENT')
  return createApp(deps, options.surfaces ?? [])
}

const echo: Surface = {
  name: 'echo',
  prefixes: ['/echo'],
  routes: () =>
    new Hono()
      .post('/echo', async (c) => c.json({ length: (await c.req.text()).length }))
      .get('/echo/boom', () => {
        throw new Error('boom')
      }),
}

describe('the app', () => {
  it('answers /healthz 200 {"status":"ok"} with exactly application/json when every check passes', async () => {
    const response = await appWith().request('/healthz')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('answers /healthz 503 naming the failing checks, and every other route 503 with Retry-After, until ready', async () => {
    const app = appWith({ ready: { tables: true, projector: false }, surfaces: [echo] })
    const health = await app.request('/healthz')
    expect(health.status).toBe(503)
    expect(await health.json()).toEqual({ status: 'unavailable', failing: ['projector'] })
    const other = await app.request('/echo', { method: 'POST', body: '{}' })
    expect(other.status).toBe(503)
    expect(other.headers.get('retry-after')).toBe('1')
  })

  it('gives every response a request id, and keeps a well-formed one the client sent', async () => {
    const app = appWith()
    expect((await app.request('/healthz')).headers.get('x-request-id')).toMatch(/^[0-9A-Z]{26}$/)
    expect((await app.request('/healthz', { headers: { 'X-Request-Id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123')
  })

  it('refuses a body over IAM_MAX_BODY_BYTES with 413 on paths no surface claims, and leaves claimed paths to their surface', async () => {
    const app = appWith({ surfaces: [echo], maxBodyBytes: 64 })
    const large = 'x'.repeat(65)
    const refused = await app.request('/elsewhere', { method: 'POST', body: large })
    expect(refused.status).toBe(413)
    expect(await refused.json()).toMatchObject({ type: 'request_too_large' })
    const chunked = await app.request('/elsewhere', {
      method: 'POST',
      body: new Blob([large]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    const claimed = await app.request('/echo', { method: 'POST', body: large })
    expect(await claimed.json()).toEqual({ length: 65 })
  })

  it('answers an unknown route 404 and a bug 500, in JSON, without details of the error', async () => {
    const app = appWith({ surfaces: [echo] })
    const missing = await app.request('/nowhere')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ type: 'not_found' })
    const bug = await app.request('/echo/boom')
    expect(bug.status).toBe(500)
    const body = (await bug.json()) as Record<string, unknown>
    expect(body).toMatchObject({ type: 'internal_error', request_id: bug.headers.get('x-request-id') })
    expect(JSON.stringify(body)).not.toContain('boom')
  })
})
