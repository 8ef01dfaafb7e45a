import { describe, expect, it } from 'vitest'
import { normalizeId, toUuid, ulidIds, ulidToHex } from './ids.js'

describe('ids', () => {
  it('renders a ULID as 128-bit hex and accepts every rendering back', () => {
    const id = ulidIds.newId()
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    expect(normalizeId(toUuid(id))).toBe(id)
    expect(normalizeId(toUuid(id).toUpperCase())).toBe(id)
    expect(normalizeId(id)).toBe(id)
  })
  it('maps a ULID string to the same id', () => {
    const u = ulidIds.newUlid()
    expect(normalizeId(u)).toBe(ulidToHex(u))
  })
  it('refuses what is not an id', () => {
    expect(normalizeId('not-an-id')).toBeUndefined()
    expect(normalizeId('')).toBeUndefined()
  })
})
