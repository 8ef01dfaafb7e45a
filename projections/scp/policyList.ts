// The SCP identity policies of an account, for ListPolicies and QueryPolicies: one item per live policy
// (partition `policies`, sort = policy id), folded from the policy's own stream with the aggregate's evolve, so a
// list item and ShowPolicy never disagree. Bindings are left out (they live on the identities' links too).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { PolicyEvent } from '../../domain/scp/policy/events.js'
import { evolvePolicy, SCP_POLICY, type Policy } from '../../domain/scp/policy/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SCP_POLICY_LIST = 'scpPolicyList'
export const SCP_POLICY_LIST_PARTITION = 'policies'

export type PolicyListItem = Omit<Policy, 'bindings'> & { [attribute: string]: unknown }

export function policyListKey(organizationId: string, policyId: string): ModelKey {
  return { scope: organizationId, partition: SCP_POLICY_LIST_PARTITION, sort: policyId }
}

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return aggregateType === SCP_POLICY && organizationId && aggregateId ? policyListKey(organizationId, aggregateId) : undefined
}

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

export const scpPolicyList: PureProjection<PolicyListItem> = {
  kind: 'pure',
  name: SCP_POLICY_LIST,
  aggregateTypes: [SCP_POLICY],
  keys(event) {
    const key = keyOf(event)
    return key ? [key] : []
  },
  evolve(current, event) {
    const key = keyOf(event)
    if (!key) return new Map()
    const id = modelKeyId(key)
    const next = nextPolicyListItem(current.get(id), event)
    return next === undefined ? new Map() : new Map([[id, next]])
  },
}
