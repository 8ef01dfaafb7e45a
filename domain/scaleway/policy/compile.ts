// Scaleway policies → engine statements. A rule's permission sets expand through the catalogue into actions, its
// scope into canonical resource patterns, its CEL condition is carried as is. Scaleway rules only allow.
import { validateCel } from '../../authz/cel.js'
import { renderResource, scalewayScopePatterns, scopePatterns } from '../../authz/resource.js'
import type { Statement } from '../../authz/statement.js'
import { invalidArgument, isDomainError, type DomainError } from '../../core/errors.js'
import type { Id } from '../../core/ids.js'
import { actionsOf, permissionSetByName } from '../catalogue/catalogue.js'
import type { PermissionSet, ScopeType } from '../catalogue/permissionSet.js'
import { isId, parseId } from '../fields.js'

/** A rule as written (RuleSpecs): no `account_root_user_id`, which is never taken from input. */
export interface RuleSpec {
  permissionSetNames: readonly string[]
  condition?: string
  projectIds?: readonly string[]
  organizationId?: string
}

/** The organization the policy belongs to (canonical ids); its owner is the account root user. */
export interface PolicyOrganization {
  organizationId: Id
  ownerPrincipalId: Id
}

export type RuleScope =
  | { kind: 'projects'; projectIds: Id[] }
  | { kind: 'organization'; organizationId: Id }
  | { kind: 'account_root_user'; accountRootUserId: Id }

/** A valid rule, ready to store and to render as `Rule` (`permission_sets_scope_type` + one scope member). */
export interface ResolvedRule {
  permissionSetNames: string[]
  scopeType: ScopeType
  scope: RuleScope
  /** Absent when the rule has none (an empty string means none). */
  condition?: string
}

export type RulesResolution = { ok: true; rules: ResolvedRule[] } | { ok: false; errors: DomainError[] }

export interface ScalewayPolicy {
  id: Id
  version: number
  rules: ReadonlyArray<RuleSpec & { id: Id }>
}

export type PolicyCompilation = { ok: true; statements: Statement[] } | { ok: false; errors: DomainError[] }

/** RuleSpecs.condition (Appendix A.9). */
export const CONDITION_MAX = 2048

/** Validates rules as written (CreatePolicy, SetRules): every error, each naming its field, e.g. `rules[2].permission_set_names`. */
export function resolveScalewayRules(rules: readonly RuleSpec[], organization: PolicyOrganization): RulesResolution {
  const resolved: ResolvedRule[] = []
  const errors: DomainError[] = []
  rules.forEach((rule, index) => {
    const result = resolveRule(rule, `rules[${index}]`, organization)
    if (Array.isArray(result)) errors.push(...result)
    else resolved.push(result)
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules: resolved }
}

/** One allow statement per rule, `source.ruleId` naming it, so every decision can be explained. */
export function compileScalewayPolicy(policy: ScalewayPolicy, organization: PolicyOrganization): PolicyCompilation {
  const resolution = resolveScalewayRules(policy.rules, organization)
  if (!resolution.ok) return resolution
  const statements = resolution.rules.map((rule, index): Statement => {
    const sets = rule.permissionSetNames.map((name) => permissionSetByName(name) as PermissionSet)
    return {
      effect: 'allow',
      actions: actionsOf(sets),
      resources: scopeResources(rule.scope, organization.organizationId),
      ...(rule.condition !== undefined && { condition: { kind: 'cel', expression: rule.condition } }),
      source: { surface: 'scaleway', policyId: policy.id, policyVersion: policy.version, ruleId: policy.rules[index]!.id },
    }
  })
  return { ok: true, statements }
}

/**
 * The resource patterns of a scope. `organization_id` covers the organization and everything under it, so it
 * also means "all Projects, current and future" for project-scoped sets; each project covers itself and what
 * it holds; the account root user is a resource of the organization (`org/<o>/account/root_user/<owner>`).
 */
export function scopeResources(scope: RuleScope, organizationId: Id): string[] {
  switch (scope.kind) {
    case 'organization':
      return scalewayScopePatterns({ organizationId })
    case 'projects':
      return scalewayScopePatterns({ organizationId, projectIds: scope.projectIds })
    case 'account_root_user':
      return scopePatterns(accountRootUserResource(organizationId, scope.accountRootUserId))
  }
}

export function accountRootUserResource(organizationId: Id, accountRootUserId: Id): string {
  return renderResource({ orgId: organizationId, service: 'account', type: 'root_user', id: accountRootUserId })
}

function resolveRule(rule: RuleSpec, at: string, organization: PolicyOrganization): ResolvedRule | DomainError[] {
  const sets = resolveSets(rule.permissionSetNames, `${at}.permission_set_names`)
  if (!Array.isArray(sets)) return [sets]
  const scopeType = sets[0]!.scopeType
  const scope = resolveScope(rule, at, scopeType, organization)
  const condition = rule.condition === undefined || rule.condition === '' ? undefined : rule.condition
  const conditionProblem = condition === undefined ? undefined : conditionError(condition, `${at}.condition`)
  if (isDomainError(scope)) return conditionProblem ? [scope, conditionProblem] : [scope]
  if (conditionProblem) return [conditionProblem]
  return {
    permissionSetNames: [...rule.permissionSetNames],
    scopeType,
    scope,
    ...(condition !== undefined && { condition }),
  }
}

/** Known sets, all of one scope type ("Permission_set_names have the same scope_type"). */
function resolveSets(names: readonly string[], field: string): PermissionSet[] | DomainError {
  if (names.length === 0) return invalidArgument(field, `${field} needs at least one permission set`, 'required')
  const sets: PermissionSet[] = []
  for (const name of names) {
    const set = permissionSetByName(name)
    if (!set) return invalidArgument(field, `unknown permission set "${name}"`)
    sets.push(set)
  }
  const types = [...new Set(sets.map((set) => set.scopeType))]
  if (types.length > 1) {
    const listed = sets.map((set) => `${set.name} (${set.scopeType})`).join(', ')
    return invalidArgument(field, `a rule cannot mix permission sets of different scope types: ${listed}`)
  }
  return sets
}

/**
 * Which scope member each scope type takes: `projects` sets take `project_ids`, or `organization_id` for all
 * Projects; `organization` sets take `organization_id`; `account_root_user` sets take neither (an
 * `organization_id` naming the policy's organization is tolerated) and get the organization owner.
 */
function resolveScope(rule: RuleSpec, at: string, scopeType: ScopeType, organization: PolicyOrganization): RuleScope | DomainError {
  const { projectIds, organizationId } = rule
  if (projectIds !== undefined && organizationId !== undefined) {
    return invalidArgument(`${at}.project_ids`, 'a rule has one scope: project_ids or organization_id, not both')
  }
  if (organizationId !== undefined) {
    const id = parseId(`${at}.organization_id`, organizationId)
    if (!isId(id)) return id
    if (id !== organization.organizationId) return invalidArgument(`${at}.organization_id`, 'organization_id must be the organization of the policy')
    if (scopeType === 'account_root_user') return { kind: 'account_root_user', accountRootUserId: organization.ownerPrincipalId }
    return { kind: 'organization', organizationId: id }
  }
  if (projectIds !== undefined) {
    if (scopeType !== 'projects') {
      return invalidArgument(`${at}.project_ids`, `permission sets of scope type ${scopeType} cannot be scoped to projects`)
    }
    return resolveProjects(projectIds, `${at}.project_ids`)
  }
  if (scopeType === 'account_root_user') return { kind: 'account_root_user', accountRootUserId: organization.ownerPrincipalId }
  const expected = scopeType === 'projects' ? 'project_ids or organization_id' : 'organization_id'
  return invalidArgument(`${at}.organization_id`, `a rule needs a scope: ${expected}`, 'required')
}

function resolveProjects(values: readonly string[], field: string): RuleScope | DomainError {
  if (values.length === 0) return invalidArgument(field, `${field} needs at least one project; use organization_id for all projects`, 'required')
  const projectIds: Id[] = []
  for (const [index, value] of values.entries()) {
    const id = parseId(`${field}[${index}]`, value)
    if (!isId(id)) return id
    if (!projectIds.includes(id)) projectIds.push(id)
  }
  return { kind: 'projects', projectIds }
}

/** A condition is parsed and type-checked (by the engine's CEL environment) when the rule is written. */
function conditionError(condition: string, field: string): DomainError | undefined {
  if (condition.length > CONDITION_MAX) return invalidArgument(field, `${field} must be at most ${CONDITION_MAX} characters`)
  const problem = validateCel(condition)
  return problem === undefined ? undefined : invalidArgument(field, `${field} is not a valid CEL condition: ${problem}`, 'format')
}
