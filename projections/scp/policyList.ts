// The SCP identity policies of an account, for ListPolicies and QueryPolicies: one item per live policy
// (partition `policies`, sort = policy id), folded from the policy's own stream with the aggregate's evolve, so a
// list item and ShowPolicy never disagree. Bindings are left out (they live on the identities' links too).
import type { StoredEvent } from '../../domain/core/events.js'
import type { PolicyEvent } from '../../domain/scp/policy/events.js'
import { evolvePolicy, SCP_POLICY, type Policy } from '../../domain/scp/policy/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const SCP_POLICY_LIST = 'scpPolicyList'
export const SCP_POLICY_LIST_PARTITION = 'policies'

export type PolicyListItem = Omit<Policy, 'bindings'> & { [attribute: string]: unknown }

/** The item after one event of its policy's stream; null once deleted, undefined when nothing changes. */
export function nextPolicyListItem(current: PolicyListItem | undefined, event: StoredEvent): PolicyListItem | null | undefined {
  const typed = event as unknown as PolicyEvent
  if (typed.type === 'ScpPolicyBound' || typed.type === 'ScpPolicyUnbound') return undefined
  const after = evolvePolicy(current ? { policy: { ...current, bindings: [] }, deleted: false } : { deleted: false }, typed)
  if (after.deleted) return null
  if (!after.policy) return undefined
  const { bindings: _bindings, ...item } = after.policy
  return item
}

export const scpPolicyList = streamItemList<PolicyListItem>({ name: SCP_POLICY_LIST, aggregateType: SCP_POLICY, partition: SCP_POLICY_LIST_PARTITION, next: nextPolicyListItem })

export const policyListKey = scpPolicyList.key
