// What policies and rules share: loading a policy, rendering it and its rules, and the rule input the policy
// decider validates through the compiler (every error names its rule, e.g. `rules[2].permission_set_names`).
import { fold } from '../../../../domain/core/decider.js'
import { notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id, IdGenerator } from '../../../../domain/core/ids.js'
import { organizationDecider, organizationStreamId } from '../../../../domain/core/organization/index.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import {
  livePolicy, loadProfile, policyCounts, policyDecider, policyStream, resolveScalewayRules, type IdentifiedRuleSpec, type Policy,
  type PolicyEvent, type PolicyPrincipal, type Profile, type Rule, type RuleInput,
} from '../../../../domain/scaleway/index.js'
import type { ScalewayServices } from '../deps.js'

/** A RuleSpecs as the body schema decoded it (ids canonical). */
export interface RuleSpecsInput {
  permission_set_names: string[]
  condition: string
  project_ids?: string[]
  organization_id?: string
}

/** The fields every rendering of a policy needs; list items carry the counts instead of the rules. */
export type PolicyFields = Omit<Policy, 'rules' | 'clonedFrom'> & { nbRules: number; nbScopes: number; nbPermissionSets: number }

export function policyFields(policy: Policy): PolicyFields {
  const { rules, clonedFrom: _clonedFrom, ...fields } = policy
  return { ...fields, ...policyCounts({ rules }) }
}

export function renderPolicy(policy: PolicyFields) {
  const principal = policy.principal
  const idOf = (kind: string) => (principal.kind === kind ? (principal as { id: string }).id : null)
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    organization_id: policy.organizationId,
    created_at: policy.createdAt,
    updated_at: policy.updatedAt,
    editable: policy.editable,
    deletable: policy.deletable,
    managed: policy.managed,
    nb_rules: policy.nbRules,
    nb_scopes: policy.nbScopes,
    nb_permission_sets: policy.nbPermissionSets,
    tags: policy.tags,
    user_id: idOf('user'),
    group_id: idOf('group'),
    application_id: idOf('application'),
    no_principal: principal.kind === 'none' ? true : null,
  }
}

export function renderRule(rule: Rule) {
  return {
    id: rule.id,
    permission_set_names: rule.permissionSetNames,
    permission_sets_scope_type: rule.scopeType,
    condition: rule.condition,
    project_ids: rule.projectIds ?? null,
    organization_id: rule.organizationId ?? null,
    account_root_user_id: rule.accountRootUserId ?? null,
  }
}

/** A policy of the organization by id, folded from its stream; another organization's policy is not found alike. */
export async function loadPolicy(services: Pick<ScalewayServices, 'store'>, organizationId: Id, policyId: Id): Promise<Policy | DomainError> {
  const stream = policyStream(organizationId, policyId)
  const events = (await services.store.load([stream])).get(stream) ?? []
  return livePolicy(fold(policyDecider, events as unknown as PolicyEvent[])) ?? notFound('policy', policyId)
}

/** Rules as written, each with the id it will have (given before planning, so a retried plan keeps them). */
export function identifiedRules(rules: readonly RuleSpecsInput[], ids: IdGenerator): IdentifiedRuleSpec[] {
  return rules.map((rule) => ({
    id: ids.newId(),
    permissionSetNames: rule.permission_set_names,
    condition: rule.condition,
    ...(rule.project_ids !== undefined && { projectIds: rule.project_ids }),
    ...(rule.organization_id !== undefined && { organizationId: rule.organization_id }),
  }))
}

/**
 * The rule resolver bound to the organization: its owner is the account root user of `account_root_user` rules
 * (the organization's stream is read only when there are rules to resolve).
 */
export async function ruleResolver(ctx: CommandContext, organizationId: Id, rules: readonly unknown[]): Promise<RuleInput['resolveRules']> {
  if (rules.length === 0) return () => ({ ok: true, rules: [] })
  const { state } = await ctx.load(organizationDecider, organizationStreamId(organizationId))
  const ownerPrincipalId = state.status === 'active' ? state.ownerPrincipalId : ''
  return (rules) => resolveScalewayRules(rules, { organizationId, ownerPrincipalId })
}

/** The profile of the principal a policy names (loaded so its link can be written), none for `no_principal`. */
export async function principalProfile(ctx: CommandContext, organizationId: Id, principal: PolicyPrincipal | undefined): Promise<Profile | undefined> {
  return principal && principal.kind !== 'none' ? loadProfile(ctx, organizationId, principal.kind, principal.id) : undefined
}
