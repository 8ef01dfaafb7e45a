// Decisions on a Scaleway policy: create (with rules), update (incl. principal), set rules, clone, delete, and the
// detachment of a deleted principal. Rules are checked by the injected resolver (compile.ts's
// resolveScalewayRules bound to the organization), which keeps decide pure.
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import { checkDescription, checkName, checkTags, firstError, NAME_MAX, notDeletable, notEditable, sameList } from '../fields.js'
import { checkQuota, type QuotaOverrides } from '../quota/quota.js'
import type { ResolvedRule, RuleSpec, RulesResolution } from './compile.js'
import {
  PolicyCreated,
  PolicyDeleted,
  PolicyPrincipalChanged,
  PolicyPrincipalDetached,
  PolicyRulesSet,
  PolicyUpdated,
  type PolicyEvent,
  type PolicyPrincipal,
  type Rule,
} from './events.js'
import { livePolicy, type Policy, type PolicyState } from './evolve.js'
import { samePrincipal } from './principal.js'

interface Target {
  organizationId: string
  id: string
}

/** A rule as written, with the id it will have. */
export type IdentifiedRuleSpec = RuleSpec & { id: string }

export interface RuleInput {
  rules: IdentifiedRuleSpec[]
  resolveRules: (rules: readonly RuleSpec[]) => RulesResolution
  quota?: QuotaOverrides
}

export type PolicyCommand =
  | (Target & RuleInput & { type: 'CreatePolicy'; name: string; description?: string; tags?: string[]; principal: PolicyPrincipal | undefined; managed?: boolean; at: string })
  | (Target & { type: 'UpdatePolicy'; name?: string; description?: string; tags?: string[]; principal?: PolicyPrincipal; at: string })
  | (Target & RuleInput & { type: 'SetRules'; at: string })
  | (Target & { type: 'DeletePolicy'; at: string })
  /** The principal was deleted: the policy stays, attached to none (only if it still names that principal). */
  | (Target & { type: 'DetachPolicyPrincipal'; principal: PolicyPrincipal; at: string })

export function decidePolicy(state: PolicyState, command: PolicyCommand): PolicyEvent[] | DomainError {
  if (command.type === 'CreatePolicy') {
    if (state.policy) return alreadyExists('policy', command.id)
    if (!command.principal) return invalidArgument('principal', 'give one of user_id, group_id, application_id or no_principal', 'required')
    const description = command.description ?? ''
    const tags = command.tags ?? []
    const invalid = firstError(checkName('name', command.name), checkDescription('description', description), checkTags('tags', tags))
    if (invalid) return invalid
    const rules = resolve(command.organizationId, command)
    if (!Array.isArray(rules)) return rules
    const { id, organizationId, name, principal, at } = command
    return [PolicyCreated({ id, organizationId, name, description, tags, principal, rules, managed: command.managed ?? false, at })]
  }
  const policy = livePolicy(state)
  if (command.type === 'DetachPolicyPrincipal') {
    return policy && policy.principal.kind !== 'none' && samePrincipal(policy.principal, command.principal)
      ? [PolicyPrincipalDetached({ principal: policy.principal, at: command.at })]
      : []
  }
  if (!policy) return notFound('policy', command.id)
  switch (command.type) {
    case 'DeletePolicy':
      return policy.deletable ? [PolicyDeleted({ at: command.at })] : notDeletable('policy')
    case 'UpdatePolicy':
      return update(policy, command)
    case 'SetRules': {
      if (!policy.editable) return notEditable('policy')
      const rules = resolve(policy.organizationId, command)
      if (!Array.isArray(rules)) return rules
      return [PolicyRulesSet({ rules, at: command.at })]
    }
  }
}

/** ClonePolicy: a new, editable policy attached to no principal, with the rules (new ids) under a new name. */
export function clonePolicy(
  source: PolicyState,
  command: Target & { cloneId: string; ruleIds: string[]; quota?: QuotaOverrides; at: string },
): PolicyEvent[] | DomainError {
  const policy = livePolicy(source)
  if (!policy) return notFound('policy', command.id)
  if (command.ruleIds.length !== policy.rules.length) throw new Error('clonePolicy needs one new id per rule')
  return [
    PolicyCreated({
      id: command.cloneId,
      organizationId: policy.organizationId,
      name: cloneName(policy.name),
      description: policy.description,
      tags: policy.tags,
      principal: { kind: 'none' },
      rules: policy.rules.map((rule, index) => ({ ...rule, id: command.ruleIds[index]! })),
      managed: false,
      clonedFrom: policy.id,
      at: command.at,
    }),
  ]
}

/** `<name>-copy`, shortened to stay within the name limit. */
export function cloneName(name: string): string {
  const suffix = '-copy'
  return `${name.slice(0, NAME_MAX - suffix.length).trimEnd()}${suffix}`
}

function update(policy: Policy, command: Extract<PolicyCommand, { type: 'UpdatePolicy' }>): PolicyEvent[] | DomainError {
  if (!policy.editable) return notEditable('policy')
  const invalid = firstError(
    command.name === undefined ? undefined : checkName('name', command.name),
    command.description === undefined ? undefined : checkDescription('description', command.description),
    command.tags === undefined ? undefined : checkTags('tags', command.tags),
  )
  if (invalid) return invalid
  const changes = {
    ...(command.name !== undefined && command.name !== policy.name ? { name: command.name } : {}),
    ...(command.description !== undefined && command.description !== policy.description ? { description: command.description } : {}),
    ...(command.tags !== undefined && !sameList(command.tags, policy.tags) ? { tags: command.tags } : {}),
  }
  const events: PolicyEvent[] = Object.keys(changes).length === 0 ? [] : [PolicyUpdated({ ...changes, at: command.at })]
  if (command.principal && !samePrincipal(command.principal, policy.principal)) {
    events.push(PolicyPrincipalChanged({ principal: command.principal, at: command.at }))
  }
  return events
}

/** Rules are replaced wholesale, so the limit applies to the new list alone. */
function resolve(organizationId: string, input: RuleInput): Rule[] | DomainError {
  const tooMany = checkQuota(organizationId, 'rules_per_policy', 0, input.rules.length, input.quota)
  if (tooMany) return tooMany
  const resolution = input.resolveRules(input.rules)
  if (!resolution.ok) return resolution.errors[0] ?? invalidArgument('rules', 'invalid rules')
  return resolution.rules.map((rule, index) => recorded(input.rules[index]!.id, rule))
}

function recorded(id: string, rule: ResolvedRule): Rule {
  const scope = rule.scope
  return {
    id,
    permissionSetNames: rule.permissionSetNames,
    scopeType: rule.scopeType,
    condition: rule.condition ?? '',
    ...(scope.kind === 'projects' && { projectIds: scope.projectIds }),
    ...(scope.kind === 'organization' && { organizationId: scope.organizationId }),
    ...(scope.kind === 'account_root_user' && { accountRootUserId: scope.accountRootUserId }),
  }
}

/** A recorded rule as the compiler reads it (the account root user is derived again from the organization). */
export function ruleSpecOf(rule: Rule): IdentifiedRuleSpec {
  return {
    id: rule.id,
    permissionSetNames: rule.permissionSetNames,
    ...(rule.condition !== '' && { condition: rule.condition }),
    ...(rule.projectIds && { projectIds: rule.projectIds }),
    ...(rule.organizationId && { organizationId: rule.organizationId }),
  }
}
