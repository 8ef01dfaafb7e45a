// What deleting a principal changes elsewhere, in the same request (DESIGN §4, spec §4.1, §5.5 #33–34):
// it leaves its groups, the policies attached to it stay but are attached to no principal (PolicyPrincipalDetached),
// and the API keys it bears are revoked. Only what its links name is touched; what is already gone is skipped.
import { credentialItemExtras, credentialStreamId, revokeCredential, type CredentialItem, type CredentialState } from '../core/credential/index.js'
import { decideGroup } from './group/decide.js'
import { groupStream, type GroupState } from './group/evolve.js'
import type { Links } from './links.js'
import { combine, writes, type PlannedWrites } from './plan.js'
import { decidePolicy } from './policy/decide.js'
import { policyStream, type PolicyState } from './policy/evolve.js'
import { releaseQuota } from './quota/quota.js'

/** The streams a principal's links name, as loaded by the shell (see load.ts). */
export interface Dependents {
  groups: ReadonlyMap<string, GroupState>
  policies: ReadonlyMap<string, PolicyState>
  /** Credential state and its stored item (whose secret hash names the global item to delete). */
  apiKeys: ReadonlyMap<string, { state: CredentialState; item?: Pick<CredentialItem, 'secretHash'> }>
}

export const noDependents = (): Dependents => ({ groups: new Map(), policies: new Map(), apiKeys: new Map() })

export interface DeletedPrincipal {
  organizationId: string
  kind: 'user' | 'application' | 'group'
  id: string
  links: Links
}

export function planDependentsCleanup(principal: DeletedPrincipal, dependents: Dependents, at: string): PlannedWrites {
  return combine(leaveGroups(principal, dependents, at), detachPolicies(principal, dependents, at), revokeApiKeys(principal, dependents))
}

function leaveGroups(principal: DeletedPrincipal, dependents: Dependents, at: string): PlannedWrites {
  if (principal.kind === 'group') return none()
  const members = principal.kind === 'user' ? { userIds: [principal.id], applicationIds: [] } : { userIds: [], applicationIds: [principal.id] }
  return combine(
    ...principal.links.groupIds.map((groupId) => {
      const state = dependents.groups.get(groupId) ?? { deleted: false }
      const events = decideGroup(state, { type: 'RemoveGroupMembers', organizationId: principal.organizationId, id: groupId, members, memberDeleted: true, at })
      return Array.isArray(events) ? writes(groupStream(principal.organizationId, groupId), events) : none()
    }),
  )
}

function detachPolicies(principal: DeletedPrincipal, dependents: Dependents, at: string): PlannedWrites {
  const attached = { kind: principal.kind, id: principal.id }
  return combine(
    ...principal.links.policyIds.map((policyId) => {
      const state = dependents.policies.get(policyId) ?? { deleted: false }
      const events = decidePolicy(state, { type: 'DetachPolicyPrincipal', organizationId: principal.organizationId, id: policyId, principal: attached, at })
      return Array.isArray(events) ? writes(policyStream(principal.organizationId, policyId), events) : none()
    }),
  )
}

function revokeApiKeys(principal: DeletedPrincipal, dependents: Dependents): PlannedWrites {
  const parts = principal.links.apiKeyIds.flatMap((credentialId) => {
    const loaded = dependents.apiKeys.get(credentialId)
    if (!loaded) return []
    const events = revokeCredential(loaded.state)
    if (!Array.isArray(events) || events.length === 0) return []
    return [writes(credentialStreamId(principal.organizationId, credentialId), events, credentialItemExtras(loaded.state, events, {}, loaded.item))]
  })
  if (parts.length === 0) return none()
  return combine(...parts, { appends: [], extras: [releaseQuota(principal.organizationId, 'api_keys', parts.length)] })
}

function none(): PlannedWrites {
  return { appends: [], extras: [] }
}
