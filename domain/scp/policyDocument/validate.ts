// Write-time validation of SCP policy documents (spec §4, decisions §6.27–§6.32): every problem is a DomainError
// `invalid_argument` naming the field, e.g. `policy_version.policy_document.Statement[1].Condition.StringEquals`.
// What passes here compiles without surprises (compile.ts) and is stored normalized.
import { validateOperatorBlock } from '../../authz/conditions.js'
import { srnPatternToResourcePatterns } from '../../authz/srn.js'
import { hasWildcard } from '../../authz/glob.js'
import type { OperatorBlock } from '../../authz/statement.js'
import { invalidArgument, type DomainError } from '../../core/errors.js'
import { ACTION_PATTERN, POLICY_LIMITS, SID_PATTERN } from './limits.js'
import { POLICY_VERSION, type PolicyDocument, type PolicyKind, type PolicyPrincipal, type PolicyStatement } from './types.js'

export interface ValidateOptions {
  /** Defaults to `identity`. */
  kind?: PolicyKind
  /** The account the document belongs to: SRNs naming another account are refused (tenant isolation). */
  accountId?: string
  /** Prefix of the field names in errors, e.g. `policy_version.policy_document`. */
  field?: string
}

/** A statement as validated, before its document gives it a Sid. */
export type StatementDraft = Omit<PolicyStatement, 'Sid'> & { Sid?: string }

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition'])
const DOCUMENT_FIELDS = new Set(['Version', 'Statement'])

export function validatePolicyDocument(json: unknown, options: ValidateOptions = {}): DomainError | PolicyDocument {
  const at = (sub: string) => join(options.field, sub)
  const text = parseJsonText(json, options.field ?? 'policy_document')
  if ('error' in text) return text.error
  const parsed = text.value
  if (!isRecord(parsed)) return invalidArgument(options.field ?? 'policy_document', 'must be a policy document object {Version, Statement}', 'format')
  if (byteLength(parsed) > POLICY_LIMITS.documentBytes) {
    return invalidArgument(options.field ?? 'policy_document', `must be at most ${POLICY_LIMITS.documentBytes} bytes of JSON`)
  }
  const unknown = Object.keys(parsed).find((key) => !DOCUMENT_FIELDS.has(key))
  if (unknown !== undefined) return invalidArgument(at(unknown), 'is not a policy document field (Version, Statement)')
  if (parsed.Version === undefined || parsed.Version === null) return invalidArgument(at('Version'), 'is required', 'required')
  if (parsed.Version !== POLICY_VERSION) return invalidArgument(at('Version'), `must be "${POLICY_VERSION}"`, 'format')
  const raw = parsed.Statement === undefined || parsed.Statement === null ? undefined : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]
  if (!raw || raw.length === 0) return invalidArgument(at('Statement'), 'must list at least one statement', 'required')
  if (raw.length > POLICY_LIMITS.statements) return invalidArgument(at('Statement'), `must list at most ${POLICY_LIMITS.statements} statements`)
  const drafts: StatementDraft[] = []
  for (let index = 0; index < raw.length; index++) {
    const draft = validatePolicyStatement(raw[index], { ...options, field: at(`Statement[${index}]`) })
    if (isError(draft)) return draft
    drafts.push(draft)
  }
  const statements = assignSids(drafts, (index) => at(`Statement[${index}].Sid`))
  if (isError(statements)) return statements
  return { Version: POLICY_VERSION, Statement: statements }
}

export const validateTrustPolicyDocument = (json: unknown, options: Omit<ValidateOptions, 'kind'> = {}) =>
  validatePolicyDocument(json, { ...options, kind: 'trust' })

export const validateResourcePolicyDocument = (json: unknown, options: Omit<ValidateOptions, 'kind'> = {}) =>
  validatePolicyDocument(json, { ...options, kind: 'resource' })

/** One statement (also the body of the resource-policy statement operations); `field` names it in errors. */
export function validatePolicyStatement(json: unknown, options: ValidateOptions = {}): DomainError | StatementDraft {
  const kind = options.kind ?? 'identity'
  const base = options.field
  const at = (sub: string) => join(base, sub)
  if (!isRecord(json)) return invalidArgument(base ?? 'Statement', 'must be a statement object', 'format')
  const unknown = Object.keys(json).find((key) => !STATEMENT_FIELDS.has(key))
  if (unknown !== undefined) return invalidArgument(at(unknown), 'is not a statement field (Sid, Effect, Action, NotAction, Resource, NotResource, Principal, Condition)')

  const sid = json.Sid
  if (sid !== undefined && sid !== null) {
    if (typeof sid !== 'string' || sid === '') return invalidArgument(at('Sid'), 'must be a non-empty string', 'format')
    if (sid.length > POLICY_LIMITS.sidLength) return invalidArgument(at('Sid'), `must be at most ${POLICY_LIMITS.sidLength} characters`)
    if (!SID_PATTERN.test(sid)) return invalidArgument(at('Sid'), 'may hold only letters, digits, "_", "-" and "."', 'format')
  }
  if (json.Effect === undefined || json.Effect === null) return invalidArgument(at('Effect'), 'is required', 'required')
  if (json.Effect !== 'Allow' && json.Effect !== 'Deny') return invalidArgument(at('Effect'), 'must be "Allow" or "Deny"', 'format')

  const action = stringList(json.Action, at('Action'))
  if (isError(action)) return action
  const notAction = stringList(json.NotAction, at('NotAction'))
  if (isError(notAction)) return notAction
  if (action.length > 0 && notAction.length > 0) return invalidArgument(at('NotAction'), 'must be empty when Action is given')
  if (action.length === 0 && notAction.length === 0) return invalidArgument(at('Action'), 'one of Action and NotAction must list at least one action', 'required')
  const badAction = checkEntries(action.length > 0 ? action : notAction, at(action.length > 0 ? 'Action' : 'NotAction'), (entry) =>
    ACTION_PATTERN.test(entry) ? undefined : 'must be "*" or service:Operation (wildcards * and ? allowed)')
  if (badAction) return badAction

  const resource = stringList(json.Resource, at('Resource'))
  if (isError(resource)) return resource
  const notResource = stringList(json.NotResource, at('NotResource'))
  if (isError(notResource)) return notResource
  if (resource.length > 0 && notResource.length > 0) return invalidArgument(at('NotResource'), 'must be empty when Resource is given')
  if (kind === 'identity' && resource.length === 0 && notResource.length === 0) {
    return invalidArgument(at('Resource'), 'one of Resource and NotResource must list at least one SRN or "*"', 'required')
  }
  const badResource =
    checkEntries(resource, at('Resource'), (entry) => srnProblem(entry, options.accountId)) ??
    checkEntries(notResource, at('NotResource'), (entry) => srnProblem(entry, options.accountId))
  if (badResource) return badResource

  const principal = validatePrincipal(json.Principal, kind, at('Principal'), options.accountId)
  if (isError(principal)) return principal
  const condition = validateCondition(json.Condition, at('Condition'))
  if (isError(condition)) return condition

  return {
    ...(typeof sid === 'string' && { Sid: sid }),
    Effect: json.Effect,
    ...(action.length > 0 ? { Action: action } : { NotAction: notAction }),
    Resource: resource,
    ...(notResource.length > 0 && { NotResource: notResource }),
    ...(principal !== undefined && { Principal: principal }),
    ...(condition !== undefined && { Condition: condition }),
  }
}

/** The first `statementN` (N from 1) not in `used`: the Sid of a statement written without one. */
export function nextSid(used: ReadonlySet<string>, from = 1): string {
  let n = from
  while (used.has(`statement${n}`)) n++
  return `statement${n}`
}

/** Sids must be unique within a document; a missing Sid becomes the first free `statementN`. */
export function assignSids(drafts: readonly StatementDraft[], field: (index: number) => string): DomainError | PolicyStatement[] {
  const used = new Set<string>()
  for (let index = 0; index < drafts.length; index++) {
    const sid = drafts[index]?.Sid
    if (sid === undefined) continue
    if (used.has(sid)) return invalidArgument(field(index), `duplicate Sid "${sid}": Sids must be unique within a document`)
    used.add(sid)
  }
  return drafts.map((draft, index) => {
    if (draft.Sid !== undefined) return draft as PolicyStatement
    const sid = nextSid(used, index + 1)
    used.add(sid)
    return { ...draft, Sid: sid }
  })
}

function validatePrincipal(raw: unknown, kind: PolicyKind, field: string, accountId: string | undefined): DomainError | PolicyPrincipal | undefined {
  const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0) || (isRecord(raw) && Object.keys(raw).length === 0)
  if (kind === 'identity') return empty ? undefined : invalidArgument(field, 'must be empty in an identity-based policy: it applies to whoever holds it')
  if (empty) return invalidArgument(field, `is required in a ${kind === 'trust' ? 'trust' : 'resource-based'} policy`, 'required')
  if (typeof raw === 'string') {
    return checkEntries([raw], field, (entry) => principalProblem(entry, accountId), false) ?? raw
  }
  if (Array.isArray(raw)) {
    const list = stringList(raw, field)
    if (isError(list)) return list
    return checkEntries(list, field, (entry) => principalProblem(entry, accountId)) ?? { SRN: list }
  }
  if (!isRecord(raw)) return invalidArgument(field, 'must be "*", an SRN, or {"SRN": [...]}', 'format')
  const other = Object.keys(raw).find((key) => key !== 'SRN')
  if (other !== undefined) return invalidArgument(`${field}.${other}`, 'is not a principal type (only SRN)')
  const list = stringList(raw.SRN, `${field}.SRN`)
  if (isError(list)) return list
  if (list.length === 0) return invalidArgument(`${field}.SRN`, 'must list at least one SRN', 'required')
  return checkEntries(list, `${field}.SRN`, (entry) => principalProblem(entry, accountId)) ?? { SRN: list }
}

function validateCondition(raw: unknown, field: string): DomainError | OperatorBlock | undefined {
  if (raw === undefined || raw === null || (isRecord(raw) && Object.keys(raw).length === 0)) return undefined
  return validateOperatorBlock(raw, field) ?? (raw as OperatorBlock)
}

/** A string or a list of strings; `null`, absent and `[]` are empty. */
function stringList(raw: unknown, field: string): DomainError | string[] {
  if (raw === undefined || raw === null) return []
  const list = typeof raw === 'string' ? [raw] : raw
  if (!Array.isArray(list)) return invalidArgument(field, 'must be a string or a list of strings', 'format')
  if (list.length > POLICY_LIMITS.entriesPerField) return invalidArgument(field, `must list at most ${POLICY_LIMITS.entriesPerField} entries`)
  const index = list.findIndex((entry) => typeof entry !== 'string' || entry === '' || entry.length > POLICY_LIMITS.entryLength)
  if (index >= 0) return invalidArgument(`${field}[${index}]`, `must be a non-empty string of at most ${POLICY_LIMITS.entryLength} characters`, 'format')
  return list as string[]
}

function checkEntries(entries: readonly string[], field: string, problem: (entry: string) => string | undefined, indexed = true): DomainError | undefined {
  for (let index = 0; index < entries.length; index++) {
    const message = problem(entries[index] as string)
    if (message !== undefined) return invalidArgument(indexed ? `${field}[${index}]` : field, message, 'format')
  }
  return undefined
}

/** `*` or an SRN pattern of the policy's own account (an empty or wildcard account field means that account). */
function srnProblem(entry: string, accountId: string | undefined): string | undefined {
  if (entry === '*') return undefined
  const account = srnAccount(entry)
  if (account === undefined) return 'must be "*" or an SRN srn:{env}::{account}:{region}::{service}:{type}/{id} (wildcards * and ? allowed)'
  if (accountId !== undefined && account !== '' && !hasWildcard(account) && account !== accountId) return 'must not name another account'
  return undefined
}

function principalProblem(entry: string, accountId: string | undefined): string | undefined {
  if (entry === '*') return undefined
  const problem = srnProblem(entry, accountId)
  if (problem !== undefined) return problem.replace('must be "*" or an SRN', 'must be "*" or an IAM principal SRN')
  const service = (srnPatternToResourcePatterns(entry, { account: '' }) ?? [])[0]?.split('/')[4]
  return service === 'iam' || (service !== undefined && hasWildcard(service)) ? undefined : 'must name an IAM principal (service iam, e.g. iam:user/<id>)'
}

/** The account field of an SRN pattern ('' when empty); undefined when the entry is no SRN pattern. */
export function srnAccount(entry: string): string | undefined {
  const pattern = srnPatternToResourcePatterns(entry, { account: '' })?.[0]
  return pattern === undefined ? undefined : (pattern.split('/')[1] as string)
}

/** Some clients send the document as a JSON string (as AWS accepts it). */
function parseJsonText(json: unknown, field: string): { value: unknown } | { error: DomainError } {
  if (typeof json !== 'string') return { value: json }
  try {
    return { value: JSON.parse(json) as unknown }
  } catch {
    return { error: invalidArgument(field, 'is not valid JSON', 'format') }
  }
}

const utf8 = new TextEncoder()

function byteLength(value: unknown): number {
  return utf8.encode(JSON.stringify(value)).length
}

function join(base: string | undefined, sub: string): string {
  return base ? `${base}.${sub}` : sub
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isError(value: unknown): value is DomainError {
  return isRecord(value) && value.kind === 'invalid_argument' && typeof value.argument === 'string'
}
