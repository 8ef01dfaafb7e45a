// A resource-based policy folded from its stream. Deleting it ends it; a later write starts a new one (new
// creation fields, no versions carried over).
import { createHash } from 'node:crypto'
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { PolicyDocument } from '../policyDocument/types.js'
import type { ResourcePolicyEvent } from './events.js'

export const RESOURCE_POLICY = 'scp-resource-policy'

export interface ResourcePolicyVersion {
  id: string
  name: string
  document: PolicyDocument
  createdAt: string
  createdBy: string
}

export interface ResourcePolicy {
  srn: string
  resource: string
  versions: ResourcePolicyVersion[]
  createdAt: string
  createdBy: string
  modifiedAt: string
  modifiedBy: string
}

export interface ResourcePolicyState {
  policy?: ResourcePolicy
}

/** 32 hex digits of the canonical resource's SHA-256: a stream id that is stable however the SRN was spelled. */
export function resourcePolicyAggregateId(resource: string): string {
  return createHash('sha256').update(resource).digest('hex').slice(0, 32)
}

export function resourcePolicyStream(organizationId: string, resource: string): string {
  return streamId(organizationId, RESOURCE_POLICY, resourcePolicyAggregateId(resource))
}

export function evolveResourcePolicy(state: ResourcePolicyState, event: ResourcePolicyEvent): ResourcePolicyState {
  switch (event.type) {
    case 'ScpResourcePolicyVersionAdded': {
      const { srn, resource, versionId, name, document, at, by } = event.data
      const version: ResourcePolicyVersion = { id: versionId, name, document: document as PolicyDocument, createdAt: at, createdBy: by }
      const policy = state.policy ?? { srn, resource, versions: [], createdAt: at, createdBy: by, modifiedAt: at, modifiedBy: by }
      return { policy: { ...policy, srn, versions: [...policy.versions, version], modifiedAt: at, modifiedBy: by } }
    }
    case 'ScpResourcePolicyVersionRemoved': {
      if (!state.policy) return state
      return { policy: { ...state.policy, versions: state.policy.versions.filter((version) => version.id !== event.data.versionId) } }
    }
    case 'ScpResourcePolicyDeleted':
      return {}
  }
}

/** The version in force: the latest. */
export function currentVersion(policy: ResourcePolicy): ResourcePolicyVersion {
  return policy.versions[policy.versions.length - 1] as ResourcePolicyVersion
}

export const resourcePolicyDecider: Decider<ResourcePolicyState, ResourcePolicyEvent> = {
  aggregateType: RESOURCE_POLICY,
  initialState: () => ({}),
  evolve: evolveResourcePolicy,
}
