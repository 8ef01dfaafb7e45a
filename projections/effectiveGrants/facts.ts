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

export function grantsOf(facts: Facts | undefined): EffectiveGrants {
  if (!facts) return { owner: false, policies: [] }
  const policies: PolicyRef[] = []
  // On every check: plain string scanning, no regular expressions.
  for (const name in facts) {
    const pv = facts[name]?.value?.pv
    if (pv === undefined) continue
    if (name.startsWith('d:')) {
      const policyId = name.slice(2)
      policies.push({ policyId, policyVersion: pv, path: `direct/${policyId}` })
      continue
    }
    const entry = parseGroupPolicy(name)
    if (!entry) continue
    const membership = facts[memberFact(entry.groupId)]
    if (membership?.value && membership.version === entry.epoch) {
      policies.push({ policyId: entry.policyId, policyVersion: pv, path: `group/${entry.groupId}/${entry.policyId}` })
    }
  }
  return { owner: Boolean(facts[OWNER_FACT]?.value), policies }
}

function parseGroupPolicy(name: string): { groupId: string; epoch: number; policyId: string } | undefined {
  if (!name.startsWith('gp:')) return undefined
  const at = name.indexOf('@', 3)
  const slash = name.indexOf('/', at + 1)
  if (at < 0 || slash < 0) return undefined
  const epoch = Number(name.slice(at + 1, slash))
  return Number.isInteger(epoch) ? { groupId: name.slice(3, at), epoch, policyId: name.slice(slash + 1) } : undefined
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
    const entry = parseGroupPolicy(name)
    if (!entry || entry.groupId !== groupId) continue
    const epoch = entry.epoch
    const live = membership.value !== null && epoch === membership.version
    if (epoch <= membership.version && !live) stale.push(name)
  }
  return stale
}
