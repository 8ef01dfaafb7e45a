// Compiled policy versions never change, so a process keeps them until it runs out of room: a bounded LRU of
// decoded and compiled statement sets, keyed by projection version, organization, policy and policy version.
import { compileStatements, type CompiledStatements } from '../../domain/authz/evaluate.js'
import type { Statement } from '../../domain/authz/statement.js'
import type { CompiledPolicy } from '../../projections/effectiveGrants/index.js'

export interface CachedPolicy {
  statements: readonly Statement[]
  compiled: CompiledStatements
  error?: string
}

export interface CompiledCache {
  get(key: string): CachedPolicy | undefined
  set(key: string, policy: CompiledPolicy): CachedPolicy
  readonly size: number
}

export const DEFAULT_COMPILED_CACHE_ENTRIES = 10_000

export function compiledCacheKey(projectionVersion: number, organizationId: string, policyId: string, policyVersion: number): string {
  return `${projectionVersion}|${organizationId}|${policyId}@${policyVersion}`
}

export function createCompiledCache(maxEntries = DEFAULT_COMPILED_CACHE_ENTRIES): CompiledCache {
  const entries = new Map<string, CachedPolicy>()
  return {
    get(key) {
      const hit = entries.get(key)
      if (hit) {
        // Map keeps insertion order: re-inserting marks the entry as most recently used.
        entries.delete(key)
        entries.set(key, hit)
      }
      return hit
    },
    set(key, policy) {
      const cached: CachedPolicy = { statements: policy.statements, compiled: compileStatements(policy.statements), ...(policy.error !== undefined && { error: policy.error }) }
      entries.delete(key)
      entries.set(key, cached)
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
      return cached
    },
    get size() {
      return entries.size
    },
  }
}
