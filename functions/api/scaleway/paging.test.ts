import { describe, expect, it } from 'vitest'
import { anyTagContains, contains, enumIs, equals, oneOf, paginate, within } from './paging.js'

interface Key {
  id: string
  name: string
  expiresAt: string | null
}

const keys: Key[] = [
  { id: 'c', name: 'beta', expiresAt: null },
  { id: 'a', name: 'Alpha', expiresAt: '2030-01-01T00:00:00.000Z' },
  { id: 'b', name: 'alpha', expiresAt: '2029-01-01T00:00:00.000Z' },
  { id: 'd', name: 'gamma', expiresAt: '2029-01-01T00:00:00.000Z' },
]
const sortKeys = { name: (key: Key) => key.name, expires_at: (key: Key) => key.expiresAt }
const ids = (page: { items: Key[] }) => page.items.map((key) => key.id)

describe('paginate', () => {
  it('sorts case-insensitively, then exactly, then by the tie-breaker', () => {
    expect(ids(paginate(keys, { orderBy: 'name_asc', sortKeys, tieBreaker: (key) => key.id, page: 1, pageSize: 10 }))).toEqual(['a', 'b', 'c', 'd'])
    expect(ids(paginate(keys, { orderBy: 'name_desc', sortKeys, tieBreaker: (key) => key.id, page: 1, pageSize: 10 }))).toEqual(['d', 'c', 'b', 'a'])
  })

  it('sorts absent values as the largest', () => {
    expect(ids(paginate(keys, { orderBy: 'expires_at_asc', sortKeys, tieBreaker: (key) => key.id, page: 1, pageSize: 10 }))).toEqual(['b', 'd', 'a', 'c'])
    expect(ids(paginate(keys, { orderBy: 'expires_at_desc', sortKeys, tieBreaker: (key) => key.id, page: 1, pageSize: 10 }))).toEqual(['c', 'a', 'b', 'd'])
  })

  it('cuts pages and answers an empty page past the end with the true total', () => {
    const options = { orderBy: 'name_asc', sortKeys, tieBreaker: (key: Key) => key.id, pageSize: 3 }
    expect(paginate(keys, { ...options, page: 1 })).toMatchObject({ total_count: 4 })
    expect(ids(paginate(keys, { ...options, page: 2 }))).toEqual(['d'])
    expect(paginate(keys, { ...options, page: 3 })).toEqual({ items: [], total_count: 4 })
  })

  it('keeps the given order without order_by, and counts only what the filter keeps', () => {
    expect(paginate(keys, { filter: (key) => key.expiresAt !== null, page: 1, pageSize: 2 })).toEqual({ items: [keys[1], keys[2]], total_count: 3 })
  })

  it('refuses an order_by the handler has no key for', () => {
    expect(() => paginate(keys, { orderBy: 'created_at_asc', sortKeys, page: 1, pageSize: 1 })).toThrow(/created_at_asc/)
  })
})

describe('filters', () => {
  it('pass everything when not given', () => {
    expect([contains('x', undefined), anyTagContains([], undefined), oneOf('a', undefined), equals(true, undefined), within(null, undefined, undefined)])
      .toEqual([true, true, true, true, true])
  })

  it('match as the spec reads them', () => {
    expect(contains('Production Key', 'prod')).toBe(true)
    expect(anyTagContains(['env=prod', 'team'], 'PROD')).toBe(true)
    expect(anyTagContains(['team'], 'prod')).toBe(false)
    expect(oneOf('a', ['b'])).toBe(false)
    expect(equals(false, true)).toBe(false)
    expect(enumIs('user', 'unknown_bearer_type', 'unknown_bearer_type')).toBe(true)
    expect(enumIs('user', 'application', 'unknown_bearer_type')).toBe(false)
    const at = new Date('2024-01-01T00:00:00Z')
    expect(within('2024-01-01T00:00:00.000Z', at, at)).toBe(true)
    expect(within('2023-12-31T23:59:59.999Z', at, undefined)).toBe(false)
  })
})
