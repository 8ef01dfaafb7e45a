import { describe, expect, it } from 'vitest'
import { globalKeys, isGlobalPk } from './globalItems.js'

describe('global index items', () => {
  it('recognizes the closed list and nothing else', () => {
    expect(isGlobalPk(globalKeys.credentialBySecretHash('ab').pk)).toBe(true)
    expect(isGlobalPk(globalKeys.organizationAlias('acme').pk)).toBe(true)
    expect(isGlobalPk('~system#checkpoint')).toBe(true)
    expect(isGlobalPk('~other#x')).toBe(false)
    expect(isGlobalPk('0123456789abcdef0123456789abcdef#principal#x')).toBe(false)
    expect(isGlobalPk('~system')).toBe(true)
  })
})
