// Failed authentications are rate limited (DESIGN §8): IAM_AUTH_FAIL_LIMIT (20 by default) failures per source or
// per credential within a minute, then 429 with Retry-After in the surface's shape. Counters are state-table items
// with a TTL, written only on failures, shared by every container.
import { randomUUID } from 'node:crypto'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthFailureLimiter, windowOf } from '../../functions/auth/rateLimit.js'
import { TTL_ATTRIBUTE } from '../../functions/store/tables.js'
import { freshTables } from '../support/tables.js'
import { DOCUMENTED } from './support/documented.js'
import { startKit, type Kit } from './support/kit.js'

type Tables = Awaited<ReturnType<typeof freshTables>>

async function rateLimitItems(dynamo: Tables): Promise<Array<Record<string, any>>> {
  const out = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tables.state, ConsistentRead: true }))
  return (out.Items ?? []).filter((item) => String(item.pk).startsWith('~ratelimit#'))
}

describe('the authentication failure limiter', () => {
  let dynamo: Tables
  // Ten seconds into the current minute: counters carry a real TTL, which DynamoDB Local honours.
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 10_000)
  const hash = (label: string) => label.padEnd(64, '0')

  beforeAll(async () => {
    dynamo = await freshTables('ratelimit')
  })

  it('refuses a source after the limit, until its window ends, and writes nothing for subjects that never failed', async () => {
    const limiter = createAuthFailureLimiter(dynamo, { limit: 3 })
    const source = { sourceIp: '198.51.100.1' }
    expect(await limiter.blocked(source, now)).toBeUndefined()
    for (let i = 0; i < 3; i++) expect(await limiter.failed(source, now)).toBeUndefined()
    expect(await limiter.blocked(source, now)).toBe(50)
    expect(await limiter.failed(source, now)).toBe(50)
    expect(await limiter.blocked(source, new Date(now.getTime() + 49_500))).toBe(1)
    expect(await limiter.blocked(source, new Date(now.getTime() + 50_000))).toBeUndefined()
    expect(await limiter.failed(source, new Date(now.getTime() + 50_000))).toBeUndefined()

    const items = await rateLimitItems(dynamo)
    expect(items.map((item) => item.pk).sort()).toEqual(['~ratelimit#ip#198.51.100.1', '~ratelimit#ip#198.51.100.1'])
    const window = windowOf(now)
    expect(items.find((item) => item.sk === `window#${window.start}`)).toMatchObject({ n: 4, [TTL_ATTRIBUTE]: window.end + 60 })
  })

  it('refuses a credential after the limit, whatever the source', async () => {
    const limiter = createAuthFailureLimiter(dynamo, { limit: 3 })
    const credentialHash = hash('a1')
    for (let i = 0; i < 3; i++) expect(await limiter.failed({ sourceIp: `203.0.113.${i}`, credentialHash }, now)).toBeUndefined()
    expect(await limiter.blocked({ sourceIp: '203.0.113.99', credentialHash }, now)).toBeGreaterThan(0)
    expect(await limiter.blocked({ sourceIp: '203.0.113.99', credentialHash: hash('b2') }, now)).toBeUndefined()
  })

  it('holds across containers: another one refuses the subject at its next failure, then before authenticating', async () => {
    const first = createAuthFailureLimiter(dynamo, { limit: 3 })
    const second = createAuthFailureLimiter(dynamo, { limit: 3 })
    const subject = { sourceIp: '192.0.2.10', credentialHash: hash('c3') }
    for (let i = 0; i < 3; i++) await first.failed(subject, now)
    expect(await second.blocked(subject, now)).toBeUndefined()
    expect(await second.failed(subject, now)).toBeGreaterThan(0)
    expect(await second.blocked(subject, now)).toBeGreaterThan(0)
  })

  it('counts concurrent failures exactly (one atomic counter per subject and window)', async () => {
    const limiter = createAuthFailureLimiter(dynamo, { limit: 1000 })
    const subject = { sourceIp: '192.0.2.20' }
    await Promise.all(Array.from({ length: 50 }, () => limiter.failed(subject, now)))
    const items = await rateLimitItems(dynamo)
    expect(items.find((item) => item.pk === '~ratelimit#ip#192.0.2.20')?.n).toBe(50)
  })
})

describe('rate limiting over HTTP, with the default IAM_AUTH_FAIL_LIMIT', () => {
  let kit: Kit

  beforeAll(async () => {
    // An empty value is the default (20), which the harness otherwise raises for the other suites.
    kit = await startKit({ env: { IAM_AUTH_FAIL_LIMIT: '' } })
  })

  afterAll(async () => {
    await kit?.close()
  })

  it('answers 20 failures with 401, then 429 with Retry-After in each surface’s shape, even for a valid key from that source', async () => {
    expect(kit.h.deps.config.authFailLimit).toBe(20)
    const unknown = () => kit.send({ method: 'GET', path: '/iam/v1alpha1/groups' }, { secretKey: randomUUID() })
    for (let i = 0; i < 20; i++) expect((await unknown()).status).toBe(401)

    const refused = await unknown()
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(refused.json).toMatchObject({ type: DOCUMENTED.scaleway![429], reset_seconds: retryAfter })

    const owner = await kit.send({ method: 'GET', path: '/iam/v1alpha1/groups' }, { secretKey: kit.h.org.secretKey })
    expect(owner.status).toBe(429)

    const authz = await kit.send({ method: 'POST', path: '/authz/v1/check', body: {} }, { secretKey: kit.h.org.secretKey })
    expect(authz.status).toBe(429)
    expect(Number(authz.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(authz.json?.type).toBe(DOCUMENTED.authz![429])

    // The OIDC userinfo authenticates service-account tokens against the same counters.
    const userinfo = await fetch(`${kit.h.baseUrl}/oauth2/v2/userinfo`, { headers: { authorization: `Bearer ${randomUUID().replaceAll('-', '')}` } })
    expect(userinfo.status).toBe(429)
    expect(Number(userinfo.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)

    // Public routes need no credential and are never limited.
    expect((await kit.send({ method: 'GET', path: '/iam/v1alpha1/openapi.json' })).status).toBe(200)
  })
})
