// Decisions on an identity's links. The limits keep every grants item small (projections/effectiveGrants/size.ts):
// a principal holds at most 20 direct policies plus, through at most 10 groups, 20 policies each (AWS's defaults).
import { quotaExceeded, type DomainError } from '../../core/errors.js'
import { LinksGroupsJoined, LinksGroupsLeft, LinksPoliciesAttached, LinksPoliciesDetached, type IdentityType, type LinksEvent } from './events.js'
import type { Links } from './evolve.js'

export const POLICIES_PER_IDENTITY = 20
export const GROUPS_PER_USER = 10

export interface LinksTarget {
  organizationId: string
  identityType: IdentityType
  identityId: string
}

export function attachPolicies(links: Links, target: LinksTarget, policyIds: readonly string[], at: string): LinksEvent[] | DomainError {
  const added = [...new Set(policyIds)].filter((id) => !links.policyIds.includes(id))
  if (added.length === 0) return []
  const total = links.policyIds.length + added.length
  if (total > POLICIES_PER_IDENTITY) return quotaExceeded(`policies_per_${target.identityType.toLowerCase()}`, POLICIES_PER_IDENTITY, links.policyIds.length, target.organizationId)
  return [LinksPoliciesAttached({ identityType: target.identityType, policyIds: added, at })]
}

export function detachPolicies(links: Links, policyIds: readonly string[], at: string): LinksEvent[] {
  const removed = [...new Set(policyIds)].filter((id) => links.policyIds.includes(id))
  return removed.length === 0 ? [] : [LinksPoliciesDetached({ policyIds: removed, at })]
}

export function joinGroups(links: Links, organizationId: string, groupIds: readonly string[], at: string): LinksEvent[] | DomainError {
  const joined = [...new Set(groupIds)].filter((id) => !links.groupIds.includes(id))
  if (joined.length === 0) return []
  if (links.groupIds.length + joined.length > GROUPS_PER_USER) return quotaExceeded('groups_per_user', GROUPS_PER_USER, links.groupIds.length, organizationId)
  return [LinksGroupsJoined({ groupIds: joined, at })]
}

export function leaveGroups(links: Links, groupIds: readonly string[], at: string): LinksEvent[] {
  const left = [...new Set(groupIds)].filter((id) => links.groupIds.includes(id))
  return left.length === 0 ? [] : [LinksGroupsLeft({ groupIds: left, at })]
}
