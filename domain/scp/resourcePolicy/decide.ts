// Decisions on a resource-based policy (spec §1.9, §1.10, §4.5; decisions §6.42, §6.43):
// - PUT upserts; adding a statement to an SRN without a policy creates it; removing the last statement keeps an
//   empty policy; each change adds a version that is in force at once (at most MAX_RESOURCE_POLICY_VERSIONS kept);
// - Sids are unique (case-sensitive); a statement added without one gets the first free `statementN`; PUT on a
//   Sid may rename it (409 when the new Sid is taken); an unknown Sid is 404;
// - the SRN must be one of the caller's account (an empty account field is the caller's).
import { alreadyExists, invalidArgument, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import { parseSrn, srnToResource } from '../../authz/srn.js'
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from '../policyDocument/types.js'
import { nextSid, validatePolicyStatement, validateResourcePolicyDocument } from '../policyDocument/validate.js'
import { ResourcePolicyDeleted, ResourcePolicyVersionAdded, ResourcePolicyVersionRemoved, type ResourcePolicyEvent } from './events.js'
import { currentVersion, type ResourcePolicy, type ResourcePolicyState } from './evolve.js'

export const MAX_RESOURCE_POLICY_VERSIONS = 5
export const VERSION_NAME_MAX = 128

interface Target {
  organizationId: string
  srn: string
  at: string
  by: string
}

export type ResourcePolicyCommand =
  | (Target & { type: 'SetResourcePolicy'; versionId: string; versionName?: string; document: unknown })
  | (Target & { type: 'AddStatement'; versionId: string; statement: unknown })
  | (Target & { type: 'SetStatement'; versionId: string; sid: string; statement: unknown })
  | (Target & { type: 'RemoveStatement'; versionId: string; sid: string })
  | (Target & { type: 'DeleteResourcePolicy' })

/** The canonical resource of a path SRN of the caller's account; 400 when malformed, 404 for another account. */
export function resourceOfSrn(organizationId: string, srn: string, field = 'srn'): string | DomainError {
  const parsed = parseSrn(srn)
  if (!parsed) return invalidArgument(field, 'must be an SRN srn:{env}::{account}:{region}::{service}:{type}/{id}', 'format')
  if (parsed.account !== '' && parsed.account !== organizationId) return notFound('resource_policy', srn)
  return srnToResource(parsed, { account: organizationId }) as string
}

export function decideResourcePolicy(state: ResourcePolicyState, command: ResourcePolicyCommand): ResourcePolicyEvent[] | DomainError {
  const resource = resourceOfSrn(command.organizationId, command.srn)
  if (isDomainError(resource)) return resource
  const { at, by, srn } = command
  const policy = state.policy
  if (command.type === 'DeleteResourcePolicy') return policy ? [ResourcePolicyDeleted({ srn, resource, at, by })] : notFound('resource_policy', srn)
  const statements = policy ? currentVersion(policy).document.Statement : []
  let next: PolicyStatement[] | DomainError
  let name: string | undefined
  switch (command.type) {
    case 'SetResourcePolicy': {
      const document = validateResourcePolicyDocument(command.document, { accountId: command.organizationId, field: 'policy_version.policy_document' })
      if (isDomainError(document)) return document
      if (command.versionName !== undefined && (command.versionName.length === 0 || command.versionName.length > VERSION_NAME_MAX)) {
        return invalidArgument('policy_version.policy_version_name', `policy_version_name must be 1 to ${VERSION_NAME_MAX} characters`)
      }
      next = document.Statement
      name = command.versionName
      break
    }
    case 'AddStatement':
      next = addStatement(statements, command.statement, command.organizationId)
      break
    case 'SetStatement':
      if (!policy) return notFound('resource_policy', srn)
      next = setStatement(statements, command.sid, command.statement, command.organizationId)
      break
    case 'RemoveStatement': {
      if (!policy) return notFound('resource_policy', srn)
      const kept = statements.filter((statement) => statement.Sid !== command.sid)
      if (kept.length === statements.length) return notFound('statement', command.sid)
      next = kept
      break
    }
  }
  if (isDomainError(next)) return next
  const document: PolicyDocument = { Version: POLICY_VERSION, Statement: next }
  // Statement edits may grow the document past the language's limits: the whole document is checked again.
  if (next.length > 0) {
    const whole = validateResourcePolicyDocument(document, { accountId: command.organizationId })
    if (isDomainError(whole)) return whole
  }
  const ordinal = (policy?.versions.length ?? 0) + 1
  const added = ResourcePolicyVersionAdded({ srn, resource, versionId: command.versionId, name: name ?? `POLICY_VERSION_${ordinal}`, document, at, by })
  return [added, ...surplus(policy, at, by)]
}

function addStatement(statements: readonly PolicyStatement[], json: unknown, accountId: string): PolicyStatement[] | DomainError {
  const draft = validatePolicyStatement(json, { kind: 'resource', accountId })
  if (isDomainError(draft)) return draft
  const used = new Set(statements.map((statement) => statement.Sid))
  const sid = draft.Sid ?? nextSid(used)
  if (used.has(sid)) return alreadyExists('statement', sid, `a statement with Sid "${sid}" already exists`)
  return [...statements, { ...draft, Sid: sid }]
}

function setStatement(statements: readonly PolicyStatement[], sid: string, json: unknown, accountId: string): PolicyStatement[] | DomainError {
  const index = statements.findIndex((statement) => statement.Sid === sid)
  if (index < 0) return notFound('statement', sid)
  const draft = validatePolicyStatement(json, { kind: 'resource', accountId })
  if (isDomainError(draft)) return draft
  const renamed = draft.Sid ?? sid
  if (renamed !== sid && statements.some((statement) => statement.Sid === renamed)) {
    return alreadyExists('statement', renamed, `a statement with Sid "${renamed}" already exists`)
  }
  return statements.map((statement, at) => (at === index ? { ...draft, Sid: renamed } : statement))
}

function surplus(policy: ResourcePolicy | undefined, at: string, by: string): ResourcePolicyEvent[] {
  const count = (policy?.versions.length ?? 0) + 1 - MAX_RESOURCE_POLICY_VERSIONS
  if (!policy || count <= 0) return []
  return policy.versions.slice(0, count).map((version) => ResourcePolicyVersionRemoved({ versionId: version.id, at, by }))
}
