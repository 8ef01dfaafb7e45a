// The facts of a grants item and what they grant. Each fact is a versioned entry of the item's `facts` map,
// guarded by the version of the ONE stream it comes from, so events apply in any order, any number of times:
//
//   d:<P>             {pv}   policy P names this principal (policy stream version)
//   g:<G>             {}     the principal is a member of group G (group stream version)
//   gp:<G>@<e>/<P>    {pv}   policy P is attached to group G, as seen by the membership that began at group
//                            version e (policy stream version)
//   owner             {}     the principal owns the organization (organization stream version)
//
// A null value is a tombstone: an older event delivered later cannot bring the fact back.
//
// Effective: every live d:P, and every live gp:G@e/P whose g:G is live at version e. Tying group policies to
// the membership epoch e is what makes cleaning up safe: a member's entries of an earlier membership (or of a
// stale fan-out) can be removed at any time, and can only ever come back ineffective (see `staleGroupEntries`).
export interface FactEntry {
  version: number
  value: { pv?: number } | null
}

export type Facts = Readonly<Record<string, FactEntry | undefined>>

export const OWNER_FACT = 'owner'

export const directFact = (policyId: string): string => `d:${policyId}`
export const memberFact = (groupId: string): string => `g:${groupId}`
export const groupPolicyFact = (groupId: string, epoch: number, policyId: string): string => `gp:${groupId}@${epoch}/${policyId}`

/** A compiled policy version a principal holds, and the source path it holds it through (DESIGN §6). */
export interface PolicyRef {
  policyId: string
  policyVersion: number
  /** `direct/<P>` or `group/<G>/<P>`. */
  path: string
}

export interface EffectiveGrants {
  owner: boolean
  policies: PolicyRef[]
}

const GROUP_POLICY = /^gp:([^@/]+)@(\d+)\/(.+)$/

export function grantsOf(facts: Facts | undefined): EffectiveGrants {
  if (!facts) return { owner: false, policies: [] }
  const policies: PolicyRef[] = []
  for (const [name, entry] of Object.entries(facts)) {
    const pv = entry?.value?.pv
    if (pv === undefined) continue
    if (name.startsWith('d:')) {
      const policyId = name.slice(2)
      policies.push({ policyId, policyVersion: pv, path: `direct/${policyId}` })
      continue
    }
    const groupPolicy = GROUP_POLICY.exec(name)
    if (!groupPolicy) continue
    const [, groupId, epoch, policyId] = groupPolicy as unknown as [string, string, string, string]
    const membership = facts[memberFact(groupId)]
    if (membership?.value && membership.version === Number(epoch)) {
      policies.push({ policyId, policyVersion: pv, path: `group/${groupId}/${policyId}` })
    }
  }
  policies.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { owner: Boolean(facts[OWNER_FACT]?.value), policies }
}

/**
 * The group-policy entries of group G that are not effective and never will be: those of a membership epoch
 * at or before the current g:G fact, except the live one. Entries of a later epoch (a join still being
 * applied) are kept.
 */
export function staleGroupEntries(facts: Facts | undefined, groupId: string): string[] {
  if (!facts) return []
  const membership = facts[memberFact(groupId)]
  if (!membership) return []
  const stale: string[] = []
  for (const name of Object.keys(facts)) {
    const match = GROUP_POLICY.exec(name)
    if (!match || match[1] !== groupId) continue
    const epoch = Number(match[2])
    const live = membership.value !== null && epoch === membership.version
    if (epoch <= membership.version && !live) stale.push(name)
  }
  return stale
}
