// The state of an SCP identity policy folded from its stream: fields, versions (the default one is in force)
// and the identities it is bound to, in the order they were bound.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { Tag } from '../group/fields.js'
import type { IdentityType } from '../links/events.js'
import type { PolicyCategory, PolicyEvent, PolicyType } from './events.js'

export const SCP_POLICY = 'scp-policy'

export interface PolicyVersion {
  id: string
  name: string
  document: { Version: string; Statement: Array<Record<string, unknown>> }
  createdAt: string
  createdBy: string
}

export interface Binding {
  identityType: IdentityType
  identityId: string
  boundAt: string
  boundBy: string
}

export interface Policy {
  id: string
  organizationId: string
  name: string
  description: string | null
  category: PolicyCategory
  type: PolicyType
  serviceType: string
  tags: Tag[]
  versions: PolicyVersion[]
  defaultVersionId: string
  bindings: Binding[]
  createdAt: string
  createdBy: string
  modifiedAt: string
  modifiedBy: string
}

export interface PolicyState {
  policy?: Policy
  deleted: boolean
}

export function policyStream(organizationId: string, id: string): string {
  return streamId(organizationId, SCP_POLICY, id)
}

export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  if (event.type === 'ScpPolicyCreated') {
    const { at, by, ...fields } = event.data
    return { policy: { ...fields, versions: [], defaultVersionId: '', bindings: [], createdAt: at, createdBy: by, modifiedAt: at, modifiedBy: by }, deleted: false }
  }
  const policy = state.policy
  if (!policy) return state
  const next = (changes: Partial<Policy>): PolicyState => ({ ...state, policy: { ...policy, ...changes } })
  switch (event.type) {
    case 'ScpPolicyUpdated': {
      const { at, by, ...changes } = event.data
      return next({ ...changes, modifiedAt: at, modifiedBy: by })
    }
    case 'ScpPolicyVersionAdded': {
      const { versionId, name, document, at, by } = event.data
      return next({ versions: [...policy.versions, { id: versionId, name, document, createdAt: at, createdBy: by }], modifiedAt: at, modifiedBy: by })
    }
    case 'ScpPolicyDefaultVersionSet':
      return next({ defaultVersionId: event.data.versionId, modifiedAt: event.data.at, modifiedBy: event.data.by })
    case 'ScpPolicyVersionRemoved':
      return next({ versions: policy.versions.filter((version) => version.id !== event.data.versionId) })
    case 'ScpPolicyBound': {
      const { identityType, identityIds, at, by } = event.data
      const added = identityIds.filter((id) => !isBound(policy, identityType, id)).map((identityId) => ({ identityType, identityId, boundAt: at, boundBy: by }))
      return next({ bindings: [...policy.bindings, ...added] })
    }
    case 'ScpPolicyUnbound': {
      const { identityType, identityIds } = event.data
      return next({ bindings: policy.bindings.filter((binding) => binding.identityType !== identityType || !identityIds.includes(binding.identityId)) })
    }
    case 'ScpPolicyDeleted':
      return { ...state, deleted: true }
  }
}

export const policyDecider: Decider<PolicyState, PolicyEvent> = {
  aggregateType: SCP_POLICY,
  initialState: () => ({ deleted: false }),
  evolve: evolvePolicy,
}

export function livePolicy(state: PolicyState): Policy | undefined {
  return state.deleted ? undefined : state.policy
}

export function isBound(policy: Policy, identityType: IdentityType, identityId: string): boolean {
  return policy.bindings.some((binding) => binding.identityType === identityType && binding.identityId === identityId)
}

export function defaultVersion(policy: Policy): PolicyVersion | undefined {
  return policy.versions.find((version) => version.id === policy.defaultVersionId)
}
