// Validated SCP policy documents → engine statements (domain/authz/statement.ts), one per document statement,
// its Sid as `source.ruleId` so every decision names the statement that made it.
//
// Resources and principals map SRN → canonical string field by field (domain/authz/srn.ts); an empty or
// wildcard account field is the document's own account, and an SRN naming another account or environment
// matches nothing: a policy never reaches outside its tenant.
import { hasWildcard } from '../../authz/glob.js'
import { organizationResource, scopePatterns } from '../../authz/resource.js'
import { parseSrn, srnPatternToResourcePatterns, srnToResource } from '../../authz/srn.js'
import type { Statement, StatementSource } from '../../authz/statement.js'
import { roleResource } from './principal.js'
import type { PolicyDocument, PolicyPrincipal, PolicyStatement } from './types.js'

export interface CompileOptions {
  accountId: string
  policyVersion: number
  /** The deployment's SRN environment; an SRN naming another one matches nothing. Unset: any environment. */
  env?: string
}

/** An identity-based policy (attached to users, groups, roles). */
export function compilePolicyDocument(document: PolicyDocument, options: CompileOptions & { policyId: string }): Statement[] {
  return document.Statement.map((statement) => compileStatement(statement, options, options.policyId, resourcesOf(statement, options)))
}

/** A role's trust policy: its statements guard the role itself (action `sts:AssumeRole` on the role's SRN). */
export function compileTrustPolicyDocument(document: PolicyDocument, options: CompileOptions & { roleId: string }): Statement[] {
  const role = { resources: [roleResource(options.accountId, options.roleId)] }
  return document.Statement.map((statement) => compileStatement(statement, options, trustPolicyId(options.roleId), role))
}

/** The resource-based policy keyed by `srn`; a statement without Resource applies to that SRN. */
export function compileResourcePolicyDocument(document: PolicyDocument, options: CompileOptions & { srn: string }): Statement[] {
  const parsed = parseSrn(options.srn)
  const keyed = parsed && srnToResource(parsed, { account: options.accountId })
  return document.Statement.map((statement) => {
    const targets = statement.Resource.length === 0 && !statement.NotResource ? { resources: keyed ? [keyed] : [] } : resourcesOf(statement, options)
    return compileStatement(statement, options, resourcePolicyId(options.srn), targets)
  })
}

/** `source.policyId` of trust and resource-based statements, for explanations. */
export const trustPolicyId = (roleId: string): string => `trust/${roleId}`
export const resourcePolicyId = (srn: string): string => `resource/${srn}`

function compileStatement(
  statement: PolicyStatement,
  options: CompileOptions,
  policyId: string,
  targets: Pick<Statement, 'resources' | 'notResources'>,
): Statement {
  const source: StatementSource = { surface: 'scp', policyId, policyVersion: options.policyVersion, ruleId: statement.Sid }
  return {
    effect: statement.Effect === 'Deny' ? 'deny' : 'allow',
    ...(statement.Action ? { actions: statement.Action } : { notActions: statement.NotAction ?? [] }),
    ...targets,
    ...(statement.Principal !== undefined && { principals: principalPatterns(statement.Principal, options) }),
    ...(statement.Condition && { condition: { kind: 'operators', block: statement.Condition } }),
    source,
  }
}

function resourcesOf(statement: PolicyStatement, options: CompileOptions): Pick<Statement, 'resources' | 'notResources'> {
  if (statement.NotResource) return { notResources: statement.NotResource.flatMap((entry) => accountPatterns(entry, options)) }
  return { resources: statement.Resource.flatMap((entry) => accountPatterns(entry, options)) }
}

function principalPatterns(principal: PolicyPrincipal, options: CompileOptions): string[] {
  const entries = typeof principal === 'string' ? [principal] : principal.SRN
  // `*` is every principal of the account: cross-account access is not part of this product.
  return entries.flatMap((entry) => (entry === '*' ? [`${organizationResource(options.accountId)}/*`] : accountPatterns(entry, options)))
}

/** Canonical patterns of an SRN pattern, pinned to the document's account. */
function accountPatterns(entry: string, options: CompileOptions): string[] {
  if (entry === '*') return scopePatterns(organizationResource(options.accountId))
  const patterns = srnPatternToResourcePatterns(entry, { account: options.accountId, ...(options.env !== undefined && { env: options.env }) }) ?? []
  return patterns.flatMap((pattern) => {
    const [, account] = pattern.split('/')
    if (account === options.accountId) return [pattern]
    if (account !== undefined && hasWildcard(account)) return [pattern.replace(`org/${account}/`, `org/${options.accountId}/`)]
    return []
  })
}
