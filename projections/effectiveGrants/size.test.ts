import { describe, expect, it } from 'vitest'
import { directFact, groupPolicyFact, memberFact } from './facts.js'
import { dynamoSize, estimateGrantsItemBytes, grantsItemFits, grantsPolicyLimit, GRANTS_ITEM_MAX_BYTES } from './size.js'

const id = (n: number) => n.toString(16).padStart(32, '0')

describe('grants item size', () => {
  it('bounds a real item holding one fact per group and two per policy', () => {
    const facts: Record<string, unknown> = {}
    for (let g = 0; g < 40; g++) facts[memberFact(id(g))] = { version: 123456, value: {} }
    for (let p = 0; p < 60; p++) {
      facts[directFact(id(1000 + p))] = { version: 98765, value: { pv: 98765 } }
      facts[groupPolicyFact(id(p % 40), 123456, id(1000 + p))] = { version: 98765, value: null }
    }
    const item = { pk: `${id(1)}#effectiveGrants@1#principal/${id(2)}`, sk: 'grants', _rev: 'abcdefghijk', facts }
    expect(dynamoSize(item)).toBeLessThanOrEqual(estimateGrantsItemBytes({ groups: 40, policies: 60 }))
  })

  it('stays small with Scaleway default quotas and derives the policy limit from the bound', () => {
    expect(estimateGrantsItemBytes({ groups: 50, policies: 50 })).toBeLessThan(20 * 1024)
    const limit = grantsPolicyLimit(50)
    expect(grantsItemFits({ groups: 50, policies: limit })).toBe(true)
    expect(grantsItemFits({ groups: 50, policies: limit + 1 })).toBe(false)
    expect(estimateGrantsItemBytes({ groups: 50, policies: limit + 1 })).toBeGreaterThan(GRANTS_ITEM_MAX_BYTES)
  })

  it('counts DynamoDB sizes', () => {
    expect(dynamoSize('héllo')).toBe(6)
    expect(dynamoSize({})).toBe(3)
    expect(dynamoSize({ a: null })).toBe(3 + 1 + 1 + 1)
    expect(dynamoSize(12345)).toBe(4)
  })
})
