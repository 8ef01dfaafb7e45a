import { describe, expect, it } from 'vitest'
import type { Statement } from '../../domain/authz/statement.js'
import { compiledCacheKey, createCompiledCache } from './compiledCache.js'

const statement: Statement = { effect: 'allow', actions: ['iam:*'], resources: ['org/o/*'], source: { surface: 'scaleway', policyId: 'p', policyVersion: 1 } }

describe('compiled policy cache', () => {
  it('keeps the most recently used versions within its bound', () => {
    const cache = createCompiledCache(2)
    const [a, b, c] = [1, 2, 3].map((version) => compiledCacheKey(1, 'o', 'p', version)) as [string, string, string]
    cache.set(a, { statements: [statement] })
    cache.set(b, { statements: [] })
    expect(cache.get(a)?.statements).toEqual([statement])
    cache.set(c, { statements: [] })
    expect(cache.get(b)).toBeUndefined()
    expect(cache.get(a)).toBeDefined()
    expect(cache.size).toBe(2)
  })

  it('separates projection versions, organizations and policy versions', () => {
    expect(new Set([compiledCacheKey(1, 'o', 'p', 1), compiledCacheKey(2, 'o', 'p', 1), compiledCacheKey(1, 'x', 'p', 1), compiledCacheKey(1, 'o', 'p', 2)]).size).toBe(4)
  })
})
