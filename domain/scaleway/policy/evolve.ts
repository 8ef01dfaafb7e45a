// The state of a Scaleway policy, folded from its events, and its computed counts.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { PolicyEvent, PolicyPrincipal, Rule } from './events.js'

export const POLICY = 'scw-policy'

export interface Policy {
  id: string
  organizationId: string
  name: string
  description: string
  tags: string[]
  principal: PolicyPrincipal
  rules: Rule[]
  editable: boolean
  deletable: boolean
  managed: boolean
  clonedFrom?: string
  createdAt: string
  updatedAt: string
}

export interface PolicyState {
  policy?: Policy
  deleted: boolean
}

export function policyStream(organizationId: string, id: string): string {
  return streamId(organizationId, POLICY, id)
}

export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  if (event.type === 'ScwPolicyCreated') {
    const { at, managed, ...fields } = event.data
    return { policy: { ...fields, managed, editable: !managed, deletable: !managed, createdAt: at, updatedAt: at }, deleted: false }
  }
  const policy = state.policy
  if (!policy) return state
  switch (event.type) {
    case 'ScwPolicyUpdated': {
      const { at, ...changes } = event.data
      return { ...state, policy: { ...policy, ...changes, updatedAt: at } }
    }
    case 'ScwPolicyPrincipalChanged':
      return { ...state, policy: { ...policy, principal: event.data.principal, updatedAt: event.data.at } }
    case 'ScwPolicyPrincipalDetached':
      return { ...state, policy: { ...policy, principal: { kind: 'none' }, updatedAt: event.data.at } }
    case 'ScwPolicyRulesSet':
      return { ...state, policy: { ...policy, rules: event.data.rules, updatedAt: event.data.at } }
    case 'ScwPolicyDeleted':
      return { ...state, deleted: true }
  }
}

export const policyDecider: Decider<PolicyState, PolicyEvent> = {
  aggregateType: POLICY,
  initialState: () => ({ deleted: false }),
  evolve: evolvePolicy,
}

export function livePolicy(state: PolicyState): Policy | undefined {
  return state.deleted ? undefined : state.policy
}

/**
 * Policy.nb_rules, nb_scopes and nb_permission_sets (spec §5.6 #42): the rules; the distinct scopes they
 * name (each project, the organization, the account root user); the distinct permission sets.
 */
export function policyCounts(policy: Pick<Policy, 'rules'>): { nbRules: number; nbScopes: number; nbPermissionSets: number } {
  const scopes = new Set<string>()
  const sets = new Set<string>()
  for (const rule of policy.rules) {
    for (const projectId of rule.projectIds ?? []) scopes.add(`project:${projectId}`)
    if (rule.organizationId) scopes.add(`organization:${rule.organizationId}`)
    if (rule.accountRootUserId) scopes.add(`account_root_user:${rule.accountRootUserId}`)
    for (const name of rule.permissionSetNames) sets.add(name)
  }
  return { nbRules: policy.rules.length, nbScopes: scopes.size, nbPermissionSets: sets.size }
}
