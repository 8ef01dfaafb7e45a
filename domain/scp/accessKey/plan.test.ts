import { describe, expect, it } from 'vitest'
import { addIsoDuration, planIssueScpAccessKey } from './plan.js'

const ORG = '0'.repeat(31) + '1'
const now = new Date('2026-01-31T00:00:00.000Z')

describe('SCP access keys', () => {
  it('reads ISO 8601 durations', () => {
    expect(addIsoDuration(now, 'PT1H')?.toISOString()).toBe('2026-01-31T01:00:00.000Z')
    expect(addIsoDuration(now, 'P1Y2M10DT2H30M15S')?.toISOString()).toBe('2027-04-10T02:30:15.000Z')
    expect(addIsoDuration(now, 'P1W')?.toISOString()).toBe('2026-02-07T00:00:00.000Z')
    for (const bad of ['', 'P', 'PT', '1H', 'P1H', 'PT1.5.5S']) expect(addIsoDuration(now, bad)).toBeUndefined()
  })

  it('issues a credential whose events hold no secret and whose item holds it sealed', () => {
    const plan = planIssueScpAccessKey(
      { organizationId: ORG, credentialId: 'c'.repeat(32), principalId: 'a'.repeat(32), principalKind: 'user', accessKey: 'b'.repeat(32), type: 'TEMPORARY', parentAccessKeyId: 'd'.repeat(32), expiresAt: new Date('2026-02-01T00:00:00Z'), now },
      'k1.1.sealed',
    )
    if ('kind' in plan) throw new Error(plan.kind)
    expect(JSON.stringify(plan.appends)).not.toContain('sealed')
    expect(plan.appends[0]!.events[0]!.data).toMatchObject({ kind: 'scp_access_key', accessKey: 'b'.repeat(32), attributes: { accessKeyType: 'TEMPORARY', parentAccessKeyId: 'd'.repeat(32) } })
    expect(plan.extras[0]).toMatchObject({ kind: 'put', attributes: { sealedSecret: 'k1.1.sealed', expiresAt: '2026-02-01T00:00:00.000Z' } })
  })

  it('refuses a malformed access key', () => {
    expect(planIssueScpAccessKey({ organizationId: ORG, credentialId: 'c'.repeat(32), principalId: 'a'.repeat(32), principalKind: 'user', accessKey: 'SCW', type: 'PERMANENT', now }, 's')).toMatchObject({ kind: 'invalid_argument' })
  })
})
