// The Scaleway policies of an organization, for ListPolicies: one item per live policy (partition `policies`, sort =
// policy id), folded from the policy's own stream with the aggregate's evolve. Items keep the rule counts, not the
// rules (ListRules and GetPolicy fold the stream), so an item stays small whatever its rules hold.
import type { StoredEvent } from '../../domain/core/events.js'
import type { PolicyEvent, PolicyPrincipal, Rule } from '../../domain/scaleway/policy/events.js'
import { evolvePolicy, POLICY, policyCounts, type Policy } from '../../domain/scaleway/policy/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const POLICY_LIST = 'scwPolicyList'
export const POLICY_LIST_PARTITION = 'policies'

export interface PolicyListItem {
  [attribute: string]: unknown
  id: string
  organizationId: string
  name: string
  description: string
  tags: string[]
  principal: PolicyPrincipal
  nbRules: number
  nbScopes: number
  nbPermissionSets: number
  editable: boolean
  deletable: boolean
  managed: boolean
  createdAt: string
  updatedAt: string
}

/** The item after one event of its policy's stream; null once the policy is deleted. */
export function nextPolicyListItem(current: PolicyListItem | undefined, event: StoredEvent): PolicyListItem | null | undefined {
  const before = current ? { policy: policyOf(current), deleted: false } : { deleted: false }
  const after = evolvePolicy(before, event as unknown as PolicyEvent)
  if (after.deleted) return null
  if (!after.policy) return undefined
  const rules = (event.data as { rules?: Rule[] }).rules
  const counts = rules ? policyCounts({ rules }) : current && { nbRules: current.nbRules, nbScopes: current.nbScopes, nbPermissionSets: current.nbPermissionSets }
  const { id, organizationId, name, description, tags, principal, editable, deletable, managed, createdAt, updatedAt } = after.policy
  return { id, organizationId, name, description, tags, principal, ...(counts ?? policyCounts({ rules: [] })), editable, deletable, managed, createdAt, updatedAt }
}

/** The aggregate's state as far as an item knows it (no rules: the counts carry over). */
function policyOf(item: PolicyListItem): Policy {
  const { nbRules: _r, nbScopes: _s, nbPermissionSets: _p, ...fields } = item
  return { ...fields, rules: [] }
}

export const policyList = streamItemList<PolicyListItem>({ name: POLICY_LIST, aggregateType: POLICY, partition: POLICY_LIST_PARTITION, next: nextPolicyListItem })

export const policyListKey = policyList.key
