import { describe, expect, it } from 'vitest'
import { checkQuota, consumeQuota, limitOf, quota, quotaCounterKey, quotum, releaseQuota } from './quota.js'

const ORG = 'a'.repeat(32)

describe('quotas', () => {
  it('lists every quotum by name with a global limit and the deprecated fields kept consistent', () => {
    const all = quota()
    expect(all.map((q) => q.name)).toEqual([...all.map((q) => q.name)].sort())
    expect(all.map((q) => q.name)).toEqual(expect.arrayContaining(['users', 'applications', 'groups', 'policies', 'api_keys', 'ssh_keys', 'rules_per_policy', 'members_per_group']))
    for (const q of all) {
      expect(q).toMatchObject({ localityType: 'global', unlimited: false })
      expect(q.limit).toBeGreaterThan(0)
      expect(q.prettyName).not.toBe('')
    }
  })

  it("follows Scaleway's published IAM defaults", () => {
    expect(limitOf('api_keys')).toBe(100)
    expect(limitOf('applications')).toBe(100)
    expect(limitOf('groups')).toBe(50)
    expect(limitOf('policies')).toBe(50)
    expect(limitOf('users')).toBe(50)
    expect(limitOf('ssh_keys')).toBe(50)
  })

  it('lets an organization raise a limit or make it unlimited', () => {
    expect(quotum('users', { users: 500 }).limit).toBe(500)
    expect(quotum('users', { users: 'unlimited' })).toMatchObject({ limit: undefined, unlimited: true })
  })

  it('counts a creation against the limit, answering quota_exceeded when the counter would pass it', () => {
    expect(consumeQuota(ORG, 'groups')).toEqual({
      kind: 'counter',
      key: quotaCounterKey(ORG, 'groups'),
      delta: 1,
      limit: 50,
      onLimit: { kind: 'quota_exceeded', resource: 'groups', quota: 50, current: 50, organizationId: ORG },
    })
    expect(consumeQuota(ORG, 'groups', { groups: 'unlimited' })).toEqual({ kind: 'counter', key: quotaCounterKey(ORG, 'groups'), delta: 1 })
  })

  it('frees a unit on deletion without a limit', () => {
    expect(releaseQuota(ORG, 'users', 2)).toEqual({ kind: 'counter', key: quotaCounterKey(ORG, 'users'), delta: -2 })
  })

  it('keys counters under the organization', () => {
    expect(quotaCounterKey(ORG, 'users').pk.startsWith(ORG)).toBe(true)
  })

  it('checks limits inside one aggregate without a counter', () => {
    expect(checkQuota(ORG, 'rules_per_policy', 0, 50)).toBeUndefined()
    expect(checkQuota(ORG, 'rules_per_policy', 0, 51)).toEqual({ kind: 'quota_exceeded', resource: 'rules_per_policy', quota: 50, current: 0, organizationId: ORG })
    expect(() => consumeQuota(ORG, 'members_per_group')).toThrow()
  })
})
