import { describe, expect, it } from 'vitest'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { quotaCounterKey } from '../../../../domain/scaleway/quota/quota.js'
import { grantsItemFits, grantsPolicyLimit } from '../../../../projections/effectiveGrants/size.js'
import { grantsGroupLimit, groupCreationQuota, policyCreationQuota } from './grantsBound.js'

const ORG = '0'.repeat(31) + '1'

function context(counts: Record<string, number>): CommandContext {
  return {
    load: async () => {
      throw new Error('not used')
    },
    readState: async (key) => {
      const name = Object.keys(counts).find((n) => quotaCounterKey(ORG, n as never).sk === key.sk)
      return name === undefined ? undefined : { n: counts[name] }
    },
    now: new Date(),
    ids: { newId: () => '', newUlid: () => '' },
  }
}

describe('the grants bound on creations', () => {
  it('is the largest group count whose grants item still fits', () => {
    for (const policies of [0, 50, 1000]) {
      const limit = grantsGroupLimit(policies)
      expect(grantsItemFits({ groups: limit, policies })).toBe(true)
      expect(grantsItemFits({ groups: limit + 1, policies })).toBe(false)
    }
  })

  it('leaves the default quotas alone', async () => {
    expect(await groupCreationQuota(context({ policies: 50 }), ORG)).toEqual({})
    expect(await policyCreationQuota(context({ groups: 50 }), ORG)).toEqual({})
  })

  it('tightens raised or unlimited quotas to what the grants item allows', async () => {
    expect(await policyCreationQuota(context({ groups: 100 }), ORG, { policies: 'unlimited' })).toEqual({ policies: grantsPolicyLimit(100) })
    expect(await groupCreationQuota(context({ policies: 3000 }), ORG, { groups: 100_000 })).toEqual({ groups: grantsGroupLimit(3000) })
  })
})
