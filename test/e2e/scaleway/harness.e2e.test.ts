import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, type ScalewayHarness } from '../../support/scalewayHarness.js'

describe('the end-to-end harness', () => {
  let h: ScalewayHarness
  beforeAll(async () => {
    h = await startScalewayHarness()
  })
  afterAll(async () => h?.close())

  it('serves health and authenticates the owner through the real credential items and check', async () => {
    expect((await h.fetch('/healthz')).status).toBe(200)
    const anonymous = await h.fetch('/iam/v1alpha1/users')
    expect(anonymous.status).toBe(401)
    const check = await h.fetch('/authz/v1/check', {
      method: 'POST',
      secretKey: h.org.secretKey,
      body: {
        principal: { organization_id: h.org.organizationId, kind: 'user', id: h.org.ownerUserId },
        checks: [{ action: 'iam:users:list', resource: `org/${h.org.organizationId.replaceAll('-', '')}` }],
      },
    })
    const body = (await check.json()) as { results: Array<{ decision: string }> }
    expect(check.status, JSON.stringify(body)).toBe(200)
    expect(body.results[0]?.decision).toBe('allow')
  })
})
