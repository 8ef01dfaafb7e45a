// The check (DESIGN §6): may this principal do this action on this resource? Every surface's own authorization
// and the authorization API go through it.
//
// Cost: a warm check is ONE DynamoDB request (grantsRead.ts), however many groups, policies and rules lie behind
// it; compiled policy versions are immutable and cached in process, so a cold process adds one request (per
// 100 policy versions the principal holds).
// Consistency: with tokens, the check answers only once the grants' watermarks cover them; past
// IAM_CONSISTENCY_WAIT_MS it denies with reason `stale`, never from older data.
//
// Decision: a locked, deleted or unknown principal, or any principal of a deleted organization (its tombstone is
// read in the same request), is denied; otherwise the engine evaluates its effective
// policies (explicit deny > allow > implicit deny); the organization's owner is allowed anything inside its
// organization that no statement explicitly denies.
// SCP: the trust and resource-based policies of the resource asked about join in, read in the same request
// (resourcePolicies.ts); `sts:AssumeRole` on a role is the trust policy's to decide. A resource may be an SRN.
import { noMetrics, type MetricsSink } from '../observability/metrics.js'
import { compileStatements, evaluate, type ConditionError, type Explanation, type MatchedStatement } from '../../domain/authz/evaluate.js'
import type { RequestContext, Statement, StatementSource } from '../../domain/authz/statement.js'
import { decodeToken, encodeToken, type Position } from '../../domain/core/consistency.js'
import { DomainFailure, invalidArgument } from '../../domain/core/errors.js'
import { parseStreamId } from '../../domain/core/events.js'
import type { PrincipalKind } from '../../domain/core/principal/events.js'
import { EFFECTIVE_GRANTS, GRANT_SOURCES, grantsOf, type PolicyRef } from '../../projections/effectiveGrants/index.js'
import { consistencyWaitMs, type Projector } from '../projector/projector.js'
import { admittedByTrust, canonicalResource, guardedResources, guardingPolicies, isAssumeRole, principalString, type GuardingPolicy } from './resourcePolicies.js'
import type { Dynamo } from '../store/dynamo.js'
import { compiledCacheKey, createCompiledCache, type CachedPolicy, type CompiledCache } from './compiledCache.js'
import { readCompiledPolicies, readGrants, type GrantsRead } from './grantsRead.js'

export interface CheckPrincipal {
  organizationId: string
  kind: PrincipalKind
  id: string
}

export interface CheckItem {
  /** `service:name:action`, matched case-insensitively. */
  action: string
  /** A canonical resource string (domain/authz/resource.ts). */
  resource: string
  context?: RequestContext
}

/** Consistency tokens (`X-Consistency-Token`), one or several. */
export type Consistency = string | readonly string[] | undefined

export interface CheckRequest extends CheckItem {
  principal: CheckPrincipal
  consistency?: Consistency
}

export interface BatchCheckRequest {
  principal: CheckPrincipal
  checks: readonly CheckItem[]
  consistency?: Consistency
}

export type CheckReason = Explanation['reason'] | 'owner' | 'locked' | 'deleted' | 'unknown_principal' | 'stale'

export interface CheckResult {
  decision: 'allow' | 'deny'
  reason: CheckReason
  /** The statements that decided (every applicable deny, or every applicable allow). */
  matched: MatchedStatement[]
  missingContextKeys: string[]
}

export type PrincipalStatus = 'active' | 'locked' | 'deleted' | 'unknown'

export interface CheckExplanation extends CheckResult {
  principalStatus: PrincipalStatus
  owner: boolean
  /** Every policy version the principal holds, and through what. */
  policies: Array<PolicyRef & { statementCount: number; error?: string }>
  /** The deciding statements in full. */
  statements: Statement[]
  conditionErrors: ConditionError[]
}

export interface Checker {
  check(request: CheckRequest): Promise<CheckResult>
  /** Many checks of one principal on one read; at most `MAX_DISTINCT_RESOURCES` distinct resources. */
  checkMany(request: BatchCheckRequest): Promise<CheckResult[]>
  explain(request: CheckRequest): Promise<CheckExplanation>
  /** Everything the principal holds, from the same one read as a check (the nscale ACL is rendered from it). */
  holdings(principal: CheckPrincipal, consistency?: Consistency): Promise<Holdings | 'stale'>
}

export interface Holdings {
  status: PrincipalStatus
  owner: boolean
  /** Every statement of every policy version the principal holds (none unless the principal is active). */
  statements: Statement[]
}

export interface CheckerDeps {
  dynamo: Dynamo
  /** Waits for tokens the first read did not find covered; without it such a check is `stale` at once. */
  projector?: Pick<Projector, 'waitFor'>
  /** Defaults to `effectiveGrants` (tests run copies under other names). */
  projection?: string
  /** Defaults to IAM_CONSISTENCY_WAIT_MS (2000). */
  waitMs?: number
  cache?: CompiledCache
  /** Counts decisions and latency (silent by default). */
  metrics?: MetricsSink
}

/** The batch limit of the authorization API: distinct resources per request. */
export const MAX_DISTINCT_RESOURCES = 99
/** Token positions whose watermarks ride along in the check's one read; more are waited for first. */
const INLINE_WATERMARKS = 90
const OWNER_SOURCE: StatementSource = { surface: 'system', policyId: 'organization_owner', policyVersion: 0 }
const NO_STATEMENTS: Statement[] = []

interface Snapshot {
  status: PrincipalStatus
  owner: boolean
  policies: Array<{ ref: PolicyRef; policy: CachedPolicy }>
  /** Per SCP resource asked about: its trust and resource-based policies (resourcePolicies.ts). */
  guarding: Map<string, GuardingPolicy[]>
}

export function createChecker(deps: CheckerDeps): Checker {
  const { dynamo } = deps
  const projection = deps.projection ?? EFFECTIVE_GRANTS
  const cache = deps.cache ?? createCompiledCache()
  let version = 1

  async function snapshot(principal: CheckPrincipal, consistency: Consistency, resources: readonly string[] = []): Promise<Snapshot | 'stale'> {
    const guarded = guardedResources(principal.organizationId, resources)
    const started = Date.now()
    const waitMs = deps.waitMs ?? consistencyWaitMs()
    const wanted = tokenPositions(consistency, principal.organizationId)
    let inline = wanted.length <= INLINE_WATERMARKS ? wanted : []
    if (inline.length < wanted.length && !(await waitFor(wanted, waitMs))) return 'stale'
    for (let attempt = 1; ; attempt++) {
      const read = await readGrants(dynamo, { projection, version, organizationId: principal.organizationId, principalId: principal.id, streams: inline.map(([streamId]) => streamId), resources: guarded })
      if (read.pointer !== version) {
        // The projection was rebuilt and switched: read the version the pointer names.
        if (attempt > 3) throw new Error(`projection ${projection}: its version pointer keeps moving`)
        version = read.pointer
        continue
      }
      const behind = inline.filter(([streamId, position]) => (read.watermarks.get(streamId) ?? 0) < position)
      if (behind.length === 0) return build(principal, read)
      if (!(await waitFor(behind, waitMs - (Date.now() - started)))) return 'stale'
      inline = []
    }
  }

  async function waitFor(positions: Position[], remainingMs: number): Promise<boolean> {
    if (remainingMs <= 0 || !deps.projector) return false
    return deps.projector.waitFor(projection, encodeToken(positions), remainingMs)
  }

  async function build(principal: CheckPrincipal, read: GrantsRead): Promise<Snapshot> {
    const status = statusOf(read, principal.kind)
    const grants = grantsOf(read.facts)
    // A principal that is not active is denied whatever it holds: nothing more to read.
    if (status !== 'active') return { status, owner: grants.owner, policies: [], guarding: new Map() }
    const at = read.pointer
    const org = principal.organizationId
    const missing = grants.policies.filter((ref) => !cache.get(compiledCacheKey(at, org, ref.policyId, ref.policyVersion)))
    const loaded = missing.length > 0 ? await readCompiledPolicies(dynamo, projection, at, org, missing) : new Map()
    const policies = grants.policies.map((ref) => {
      const key = compiledCacheKey(at, org, ref.policyId, ref.policyVersion)
      const found = loaded.get(`${ref.policyId}@${ref.policyVersion}`)
      // A version not found is not cached: it is written before any fact names it, so this is a bug to report.
      const policy = cache.get(key) ?? (found ? cache.set(key, found) : notFound(ref))
      return { ref, policy }
    })
    const guarding = new Map([...read.resourceItems].map(([resource, item]) => [resource, guardingPolicies(cache, at, org, resource, item)]))
    return { status, owner: grants.owner, policies, guarding }
  }

  function decide(principal: CheckPrincipal, state: Snapshot | 'stale', item: CheckItem): Decision {
    if (state === 'stale') return refused('stale')
    if (state.status !== 'active') return refused(state.status === 'unknown' ? 'unknown_principal' : state.status)
    const sets = [...state.policies, ...(state.guarding.get(item.resource) ?? [])].map(({ policy }) => policy.compiled)
    const explanation = evaluate(
      sets.length > 0 ? sets : NO_STATEMENTS,
      { action: item.action, resource: item.resource, principal: principalString(principal), context: item.context },
    )
    const { missingContextKeys, errors: conditionErrors } = explanation
    // sts:AssumeRole: the role's trust policy decides (resourcePolicies.ts); the caller's own denies still refuse.
    if (isAssumeRole(item.action, item.resource)) {
      if (explanation.reason === 'allowed' && !admittedByTrust(explanation.matched)) {
        return { result: { decision: 'deny', reason: 'implicit_deny', matched: [], missingContextKeys }, conditionErrors }
      }
      return { result: { decision: explanation.decision, reason: explanation.reason, matched: explanation.matched, missingContextKeys }, conditionErrors }
    }
    if (explanation.reason !== 'explicit_deny' && state.owner && withinOrganization(item.resource, principal.organizationId)) {
      return { result: { decision: 'allow', reason: 'owner', matched: [{ effect: 'allow', source: OWNER_SOURCE }], missingContextKeys }, conditionErrors }
    }
    return { result: { decision: explanation.decision, reason: explanation.reason, matched: explanation.matched, missingContextKeys }, conditionErrors }
  }

  async function decideMany(request: BatchCheckRequest): Promise<{ state: Snapshot | 'stale'; decisions: Decision[] }> {
    const checks = request.checks.map((item) => ({ ...item, resource: canonicalResource(item.resource, request.principal.organizationId) }))
    const distinct = new Set(checks.map((item) => item.resource))
    if (distinct.size > MAX_DISTINCT_RESOURCES) {
      throw new DomainFailure(invalidArgument('checks', `a request may name at most ${MAX_DISTINCT_RESOURCES} distinct resources`))
    }
    if (request.checks.length === 0) return { state: 'stale', decisions: [] }
    const started = performance.now()
    const state = await snapshot(request.principal, request.consistency, [...distinct])
    const decisions = checks.map((item) => decide(request.principal, state, item))
    const metrics = deps.metrics ?? noMetrics
    for (const { result } of decisions) metrics.count(result.reason === 'stale' ? 'ChecksStale' : result.decision === 'allow' ? 'ChecksAllowed' : 'ChecksDenied')
    metrics.milliseconds('CheckLatency', performance.now() - started)
    return { state, decisions }
  }

  return {
    async check(request) {
      const { decisions } = await decideMany({ principal: request.principal, checks: [request], consistency: request.consistency })
      return (decisions[0] as Decision).result
    },
    async checkMany(request) {
      return (await decideMany(request)).decisions.map((decision) => decision.result)
    },
    async explain(request) {
      const { state, decisions } = await decideMany({ principal: request.principal, checks: [request], consistency: request.consistency })
      return explained(state, decisions[0] as Decision, canonicalResource(request.resource, request.principal.organizationId))
    },
    async holdings(principal, consistency) {
      const state = await snapshot(principal, consistency)
      if (state === 'stale') return 'stale'
      return { status: state.status, owner: state.owner, statements: state.policies.flatMap(({ policy }) => policy.statements) }
    },
  }
}

interface Decision {
  result: CheckResult
  conditionErrors: ConditionError[]
}

function refused(reason: CheckReason): Decision {
  return { result: { decision: 'deny', reason, matched: [], missingContextKeys: [] }, conditionErrors: [] }
}

/** The explanation around a decision: what the principal is and holds, and the deciding statements in full. */
function explained(state: Snapshot | 'stale', { result, conditionErrors }: Decision, resource: string): CheckExplanation {
  if (state === 'stale') return { ...result, principalStatus: 'unknown', owner: false, policies: [], statements: [], conditionErrors }
  const deciding = new Set(result.matched.map((matched) => matched.source))
  const held = [...state.policies, ...(state.guarding.get(resource) ?? [])]
  return {
    ...result,
    principalStatus: state.status,
    owner: state.owner,
    policies: held.map(({ ref, policy }) => ({ ...ref, statementCount: policy.statements.length, ...(policy.error !== undefined && { error: policy.error }) })),
    statements: held.flatMap(({ policy }) => policy.statements.filter((statement) => deciding.has(statement.source))),
    conditionErrors,
  }
}

function statusOf({ status: item, organizationDeleted }: Pick<GrantsRead, 'status' | 'organizationDeleted'>, kind: PrincipalKind): PrincipalStatus {
  // Unknown, foreign and mistyped principals are indistinguishable.
  if (!item || item.kind !== kind) return 'unknown'
  if (item.deleted || organizationDeleted) return 'deleted'
  return item.locked ? 'locked' : 'active'
}

function notFound(ref: PolicyRef): CachedPolicy {
  return { statements: NO_STATEMENTS, compiled: compileStatements(NO_STATEMENTS), error: `compiled policy ${ref.policyId}@${ref.policyVersion} not found` }
}

/** The token positions on streams the grants consume; positions elsewhere do not delay a check. */
/**
 * The positions a check waits for: streams of the principal's own organization that feed the grants. Another
 * tenant's streams are dropped, so that a token cannot time another organization's writes.
 */
function tokenPositions(consistency: Consistency, organizationId: string): Position[] {
  const tokens = consistency === undefined ? [] : typeof consistency === 'string' ? [consistency] : consistency
  const highest = new Map<string, number>()
  for (const token of tokens) {
    for (const [streamId, position] of decodeToken(token) ?? []) {
      const stream = parseStreamId(streamId)
      if (stream.organizationId !== organizationId || !(GRANT_SOURCES as readonly string[]).includes(stream.aggregateType)) continue
      highest.set(streamId, Math.max(position, highest.get(streamId) ?? 0))
    }
  }
  return [...highest]
}

function withinOrganization(resource: string, organizationId: string): boolean {
  const scope = `org/${organizationId}`
  return resource === scope || resource.startsWith(`${scope}/`)
}
