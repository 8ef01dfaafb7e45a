// The evaluator, AWS IAM semantics: implicit deny; any applicable explicit deny wins; otherwise any applicable
// allow grants. A statement applies when its action, resource, principal (resource-based statements only) and
// condition all match. Statements compile once into matchers; a compiled set is reusable and cached per
// statements array, so an immutable policy version compiles once per process.
//
// Errors never grant: a condition that cannot be evaluated (a CEL error, a block that fails validation) makes
// an allow statement not apply and a deny statement apply, and is reported in the explanation. Nothing throws.
import { compileCel } from './cel.js'
import { compileOperatorBlock } from './conditions.js'
import { contextMap, type ContextMap } from './context.js'
import { compileGlobs, hasWildcard, type Matcher } from './glob.js'
import type { RequestContext, Statement, StatementSource } from './statement.js'

export interface AuthzRequest {
  /** `service:Name`, matched case-insensitively. */
  action: string
  /** A canonical resource (resource.ts). */
  resource: string
  /** The caller, for resource-based statements (those with `principals`); a canonical resource string. */
  principal?: string
  context?: RequestContext
}

export interface MatchedStatement {
  effect: 'allow' | 'deny'
  source: StatementSource
}

export interface ConditionError {
  source: StatementSource
  message: string
}

export interface Explanation {
  decision: 'allow' | 'deny'
  reason: 'explicit_deny' | 'allowed' | 'implicit_deny'
  /** The statements that decided: every applicable deny, or else every applicable allow; empty on implicit deny. */
  matched: MatchedStatement[]
  /** Context keys that conditions of otherwise-matching statements read and the request did not carry. */
  missingContextKeys: string[]
  /** Conditions that could not be evaluated. */
  errors: ConditionError[]
}

const COMPILED = Symbol('compiledStatements')

export interface CompiledStatements {
  readonly [COMPILED]: true
  readonly statements: readonly Statement[]
}

interface CompiledSet extends CompiledStatements {
  /** Per lower-cased service prefix: the statements that can match its actions, in order. */
  readonly byService: ReadonlyMap<string, readonly CompiledStatement[]>
  /** Statements that can match any service (wildcard services, NotAction). */
  readonly anyService: readonly CompiledStatement[]
}

interface CompiledStatement {
  matched: MatchedStatement
  action: Matcher
  actionNegated: boolean
  resource: Matcher
  resourceNegated: boolean
  principal: Matcher | undefined
  condition: CompiledCondition | undefined
}

/** Collects what conditions report during one evaluation. */
class Trace {
  readonly missing = new Map<string, string>()
  readonly errors: ConditionError[] = []
  readonly onMissing = (key: string): void => {
    const lower = key.toLowerCase()
    if (!this.missing.has(lower)) this.missing.set(lower, key)
  }
}

type CompiledCondition = (context: ContextMap, trace: Trace) => boolean

const cache = new WeakMap<readonly Statement[], CompiledSet>()

/** Compiles statements into matchers. The array is treated as immutable: compiling it again returns the cached set. */
export function compileStatements(statements: readonly Statement[]): CompiledStatements {
  let compiled = cache.get(statements)
  if (!compiled) {
    compiled = compileSet(statements)
    cache.set(statements, compiled)
  }
  return compiled
}

function compileSet(statements: readonly Statement[]): CompiledSet {
  const compiled = statements.map(compileStatement)
  const keys = statements.map(serviceKeys)
  const services = new Set(keys.flatMap((key) => (key === 'any' ? [] : key)))
  const byService = new Map<string, CompiledStatement[]>()
  for (const service of services) byService.set(service, compiled.filter((_, i) => keys[i] === 'any' || (keys[i] as string[]).includes(service)))
  return { [COMPILED]: true, statements, byService, anyService: compiled.filter((_, i) => keys[i] === 'any') }
}

/** The literal services a statement's actions belong to, or 'any' when it can match other services. */
function serviceKeys(statement: Statement): string[] | 'any' {
  if (!statement.actions) return statement.notActions ? 'any' : []
  const keys: string[] = []
  for (const pattern of statement.actions) {
    const colon = pattern.indexOf(':')
    const service = colon < 0 ? pattern : pattern.slice(0, colon)
    if (colon < 0 || hasWildcard(service)) return 'any'
    keys.push(service.toLowerCase())
  }
  return keys
}

function compileStatement(statement: Statement): CompiledStatement {
  const actions = statement.actions ?? statement.notActions ?? []
  const resources = statement.resources ?? statement.notResources ?? []
  return {
    matched: Object.freeze({ effect: statement.effect, source: statement.source }),
    action: compileGlobs(actions.map((pattern) => pattern.toLowerCase())),
    actionNegated: statement.actions === undefined && statement.notActions !== undefined,
    resource: compileGlobs(resources),
    resourceNegated: statement.resources === undefined && statement.notResources !== undefined,
    principal: statement.principals ? compileGlobs(statement.principals) : undefined,
    condition: compileCondition(statement),
  }
}

function compileCondition(statement: Statement): CompiledCondition | undefined {
  const { condition, effect, source } = statement
  if (!condition) return undefined
  const onError = effect === 'deny'
  const failed = (message: string): CompiledCondition => (_context, trace) => {
    trace.errors.push({ source, message })
    return onError
  }
  if (condition.kind === 'operators') {
    const block = compileOperatorBlock(condition.block)
    if (!block.ok) return failed(block.error)
    return (context, trace) => block.test(context, trace.onMissing)
  }
  const cel = compileCel(condition.expression)
  if (!cel.ok) return failed(cel.error)
  return (context, trace) => {
    const outcome = cel.evaluate(context)
    for (const key of outcome.missing) trace.onMissing(key)
    if (outcome.error === undefined) return outcome.met
    trace.errors.push({ source, message: outcome.error })
    return onError
  }
}

function isCompiled(value: unknown): value is CompiledStatements {
  return typeof value === 'object' && value !== null && COMPILED in value
}

/** Decides a request against statements (or compiled sets, e.g. one per policy version) and explains why. */
export function evaluate(policies: readonly Statement[] | CompiledStatements | readonly CompiledStatements[], request: AuthzRequest): Explanation {
  const sets: readonly CompiledStatements[] = isCompiled(policies)
    ? [policies]
    : policies.length > 0 && isCompiled(policies[0])
      ? (policies as readonly CompiledStatements[])
      : [compileStatements(policies as readonly Statement[])]
  const action = request.action.toLowerCase()
  const colon = action.indexOf(':')
  const service = colon < 0 ? action : action.slice(0, colon)
  const { resource, principal } = request
  let context: ContextMap | undefined
  let trace: Trace | undefined
  const denies: MatchedStatement[] = []
  const allows: MatchedStatement[] = []
  for (const set of sets) {
    const { byService, anyService } = set as CompiledSet
    for (const statement of byService.get(service) ?? anyService) {
      if (statement.action(action) === statement.actionNegated) continue
      if (statement.resource(resource) === statement.resourceNegated) continue
      if (statement.principal && (principal === undefined || !statement.principal(principal))) continue
      if (statement.condition) {
        context ??= contextMap(request.context)
        trace ??= new Trace()
        if (!statement.condition(context, trace)) continue
      }
      ;(statement.matched.effect === 'deny' ? denies : allows).push(statement.matched)
    }
  }
  const missingContextKeys = trace ? [...trace.missing.values()].sort() : []
  const errors = trace?.errors ?? []
  if (denies.length > 0) return { decision: 'deny', reason: 'explicit_deny', matched: denies, missingContextKeys, errors }
  if (allows.length > 0) return { decision: 'allow', reason: 'allowed', matched: allows, missingContextKeys, errors }
  return { decision: 'deny', reason: 'implicit_deny', matched: [], missingContextKeys, errors }
}
