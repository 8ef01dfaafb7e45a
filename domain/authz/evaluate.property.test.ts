// Property tests: the evaluator against a small reference interpreter written plainly below (no compilation,
// no indexes, no shared helpers with the implementation), on random statements, requests and contexts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileStatements, evaluate, type AuthzRequest } from './evaluate.js'
import type { OperatorBlock, RequestContext, Statement } from './statement.js'

// ---------- the reference interpreter ----------

function globMatch(pattern: string, value: string): boolean {
  if (pattern === '') return value === ''
  if (pattern[0] === '*') return globMatch(pattern.slice(1), value) || (value !== '' && globMatch(pattern, value.slice(1)))
  if (value === '') return false
  return (pattern[0] === '?' || pattern[0] === value[0]) && globMatch(pattern.slice(1), value.slice(1))
}

type Scalar = string | number | boolean

function lookup(context: RequestContext, key: string): Scalar | Scalar[] | undefined {
  let found: Scalar | Scalar[] | undefined
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === key.toLowerCase() && value !== undefined) found = value
  return found
}

function num(value: Scalar): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  return undefined
}

function instant(value: Scalar): number | undefined {
  const seconds = num(value)
  if (seconds !== undefined) return seconds * 1000
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(value)) return Date.parse(value)
  return undefined
}

function bool(value: Scalar): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && value.toLowerCase() === 'true') return true
  if (typeof value === 'string' && value.toLowerCase() === 'false') return false
  return undefined
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d+$/.test(p) || Number(p) > 255)) return undefined
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0)
}

function inCidr(cidr: string, address: string): boolean {
  const [base, bits = '32'] = cidr.split('/')
  const a = ipv4(address)
  const b = ipv4(base as string)
  if (a === undefined || b === undefined) return false
  const size = 2 ** (32 - Number(bits))
  return Math.floor(a / size) === Math.floor(b / size)
}

const POSITIVE_OF: Record<string, string> = {
  StringNotEquals: 'StringEquals', StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase', StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals', DateNotEquals: 'DateEquals', NotIpAddress: 'IpAddress',
}

function positive(operator: string, actual: Scalar, expected: Scalar): boolean {
  const compare = (a: number | undefined, e: number | undefined, op: string) => {
    if (a === undefined || e === undefined) return false
    if (op.endsWith('LessThan')) return a < e
    if (op.endsWith('LessThanEquals')) return a <= e
    if (op.endsWith('GreaterThan')) return a > e
    if (op.endsWith('GreaterThanEquals')) return a >= e
    return a === e
  }
  if (operator === 'StringEquals') return String(actual) === String(expected)
  if (operator === 'StringEqualsIgnoreCase') return String(actual).toLowerCase() === String(expected).toLowerCase()
  if (operator === 'StringLike') return globMatch(String(expected), String(actual))
  if (operator.startsWith('Numeric')) return compare(num(actual), num(expected), operator)
  if (operator.startsWith('Date')) return compare(instant(actual), instant(expected), operator)
  if (operator === 'Bool') return bool(actual) !== undefined && bool(actual) === bool(expected)
  if (operator === 'IpAddress') return typeof actual === 'string' && inCidr(String(expected), actual)
  throw new Error(`reference does not know ${operator}`)
}

function referenceCondition(block: OperatorBlock, context: RequestContext, missing: Set<string>): boolean {
  let holds = true
  for (const [name, keys] of Object.entries(block)) {
    let operator = name
    let set: 'any' | 'all' | undefined
    if (operator.startsWith('ForAnyValue:')) [set, operator] = ['any', operator.slice(12)]
    if (operator.startsWith('ForAllValues:')) [set, operator] = ['all', operator.slice(13)]
    const ifExists = operator.endsWith('IfExists')
    if (ifExists) operator = operator.slice(0, -8)
    const negated = operator in POSITIVE_OF
    const base = POSITIVE_OF[operator] ?? operator
    for (const [key, raw] of Object.entries(keys)) {
      const expected = Array.isArray(raw) ? raw : [raw]
      const value = lookup(context, key)
      let result: boolean
      if (base === 'Null') {
        result = expected.some((e) => (bool(e) ? value === undefined : value !== undefined))
      } else if (value === undefined) {
        missing.add(key.toLowerCase())
        result = ifExists || set === 'all' || (set === undefined && negated)
      } else {
        const actual = Array.isArray(value) ? value : [value]
        const matchesAny = (a: Scalar) => expected.some((e) => positive(base, a, e))
        if (set === 'any') result = actual.some((a) => matchesAny(a) !== negated)
        else if (set === 'all') result = actual.every((a) => matchesAny(a) !== negated)
        else result = negated ? !actual.some(matchesAny) : actual.some(matchesAny)
      }
      if (!result) holds = false
    }
  }
  return holds
}

function referenceEvaluate(statements: Statement[], request: AuthzRequest) {
  const denies: string[] = []
  const allows: string[] = []
  const missing = new Set<string>()
  for (const s of statements) {
    const action = request.action.toLowerCase()
    const actionOk = s.actions
      ? s.actions.some((p) => globMatch(p.toLowerCase(), action))
      : s.notActions !== undefined && !s.notActions.some((p) => globMatch(p.toLowerCase(), action))
    const resourceOk = s.resources
      ? s.resources.some((p) => globMatch(p, request.resource))
      : s.notResources !== undefined && !s.notResources.some((p) => globMatch(p, request.resource))
    const principalOk = !s.principals || (request.principal !== undefined && s.principals.some((p) => globMatch(p, request.principal as string)))
    if (!actionOk || !resourceOk || !principalOk) continue
    if (s.condition?.kind === 'operators' && !referenceCondition(s.condition.block, request.context ?? {}, missing)) continue
    ;(s.effect === 'deny' ? denies : allows).push(s.source.policyId)
  }
  const missingContextKeys = [...missing].sort()
  if (denies.length > 0) return { decision: 'deny', reason: 'explicit_deny', matched: denies, missingContextKeys }
  if (allows.length > 0) return { decision: 'allow', reason: 'allowed', matched: allows, missingContextKeys }
  return { decision: 'deny', reason: 'implicit_deny', matched: [], missingContextKeys }
}

// ---------- generators ----------

const ACTION_PATTERNS = ['*', 'iam:*', 'iam:Get*', 'iam:GetUser', 'IAM:getuser', 'iam:Get?ser', 'iam:*User*', 's3:*', 's3:GetObject', '*:Get*', 'i*:List*', 'ec2:RunInstances']
const ACTIONS = ['iam:GetUser', 'iam:getuser', 'iam:ListUsers', 'iam:DeleteUser', 's3:GetObject', 's3:PutObject', 'ec2:RunInstances', 'ec2:GetConsole']
const RESOURCE_PATTERNS = ['*', 'org/a', 'org/a/*', 'org/a/project/p', 'org/a/project/p/*', 'org/a/project/?/*', 'org/b/*', 'org/a/iam/user/u1', 'org/*/iam/*',
  'org/a/project/p/s3/bucket/*']
const RESOURCES = ['org/a', 'org/a/project/p', 'org/a/project/q', 'org/a/project/p/s3/bucket/b1', 'org/a/iam/user/u1', 'org/b/iam/user/u2',
  'org/a/project/pp/s3/bucket/b']
const PRINCIPAL_PATTERNS = ['*', 'org/a/iam/user/u1', 'org/a/iam/user/*', 'org/b/iam/user/u2']
const PRINCIPALS = ['org/a/iam/user/u1', 'org/a/iam/user/u3', 'org/b/iam/user/u2']
const KEYS = ['k1', 'K1', 'k2', 'num', 'when', 'ip', 'flag', 'tags']

const FAMILY_VALUES: Record<string, fc.Arbitrary<Scalar>> = {
  String: fc.constantFrom('a', 'b', 'A', 'a*', '?', 'x', '1'),
  Numeric: fc.constantFrom(0, 1, 2.5, '10', '-3'),
  Date: fc.constantFrom('2024-01-01T00:00:00Z', 1704067200, '2024-06-01', '1717200000'),
  Bool: fc.constantFrom(true, false, 'true', 'False'),
  IpAddress: fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '192.0.2.0/24', '0.0.0.0/0', '192.0.2.7'),
  Null: fc.constantFrom(true, false, 'true'),
}
const BASES: Record<string, string[]> = {
  String: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  Numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  Date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  Bool: ['Bool'],
  IpAddress: ['IpAddress', 'NotIpAddress'],
}

const operatorName = fc.oneof(
  fc.record({
    family: fc.constantFrom('String', 'Numeric', 'Date', 'Bool', 'IpAddress'),
    index: fc.nat(),
    set: fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'),
    ifExists: fc.boolean(),
  }).map(({ family, index, set, ifExists }) => {
    const bases = BASES[family] as string[]
    return { family, name: `${set}${bases[index % bases.length]}${ifExists ? 'IfExists' : ''}` }
  }),
  fc.constant({ family: 'Null', name: 'Null' }),
)

const operatorBlock: fc.Arbitrary<OperatorBlock> = fc
  .array(
    operatorName.chain(({ family, name }) =>
      fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(FAMILY_VALUES[family] as fc.Arbitrary<Scalar>, fc.array(FAMILY_VALUES[family] as fc.Arbitrary<Scalar>, { minLength: 1, maxLength: 3 })), { minKeys: 1, maxKeys: 2 })
        .map((keys) => [name, keys] as const)),
    { minLength: 1, maxLength: 3 },
  )
  .map((entries) => Object.fromEntries(entries))

const contextScalar: fc.Arbitrary<Scalar> = fc.constantFrom('a', 'A', 'b', 'ab', 'x', '?', 1, '1', 2.5, 10, '-3', true, 'false', 'TRUE', '10.1.2.3',
  '192.0.2.7', '2024-01-01T00:00:00Z', 1704067200, '2023-12-31', 'not-a-date')
const context: fc.Arbitrary<RequestContext> = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(contextScalar, fc.array(contextScalar, { maxLength: 3 })), { maxKeys: 5 })

const statement = (index: number): fc.Arbitrary<Statement> =>
  fc.record({
    effect: fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny'),
    negateActions: fc.boolean(),
    actions: fc.array(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
    negateResources: fc.boolean(),
    resources: fc.array(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 3 }),
    principals: fc.option(fc.array(fc.constantFrom(...PRINCIPAL_PATTERNS), { minLength: 1, maxLength: 2 }), { freq: 4, nil: undefined }),
    condition: fc.option(operatorBlock, { freq: 2, nil: undefined }),
  }).map((s) => {
    const out: Statement = { effect: s.effect, source: { surface: 'scp', policyId: `s${index}`, policyVersion: 1 } }
    if (s.negateActions) out.notActions = s.actions
    else out.actions = s.actions
    if (s.negateResources) out.notResources = s.resources
    else out.resources = s.resources
    if (s.principals) out.principals = s.principals
    if (s.condition) out.condition = { kind: 'operators', block: s.condition }
    return out
  })

const statements = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => statement(i))))

const request: fc.Arbitrary<AuthzRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  principal: fc.option(fc.constantFrom(...PRINCIPALS), { nil: undefined }),
  context,
}).map(({ principal, ...rest }) => (principal === undefined ? rest : { ...rest, principal }))

const summary = (statements: readonly Statement[], r: AuthzRequest) => {
  const e = evaluate(statements, r)
  return { decision: e.decision, reason: e.reason, matched: e.matched.map((m) => m.source.policyId), missingContextKeys: e.missingContextKeys.map((k) => k.toLowerCase()).sort() }
}

// ---------- properties ----------

describe('evaluate, against the reference interpreter', () => {
  it('gives the same decision, reason, deciding statements and missing keys', () => {
    fc.assert(fc.property(statements, request, (s, r) => {
      expect(summary(s, r)).toEqual(referenceEvaluate(s, r))
    }), { numRuns: 3000 })
  })

  it('an applicable explicit deny always wins', () => {
    fc.assert(fc.property(statements, request, (s, r) => {
      const guard: Statement = { effect: 'deny', actions: [r.action.toUpperCase()], resources: [r.resource], source: { surface: 'system', policyId: 'guard', policyVersion: 1 } }
      const position = s.length === 0 ? 0 : s.length % (s.length + 1)
      const withGuard = [...s.slice(0, position), guard, ...s.slice(position)]
      const e = evaluate(withGuard, r)
      expect(e.reason).toBe('explicit_deny')
      expect(e.matched.some((m) => m.source.policyId === 'guard')).toBe(true)
    }), { numRuns: 300 })
  })

  it('adding allows never overturns a deny that matched, and order never matters', () => {
    fc.assert(fc.property(statements, statements, request, (s, more, r) => {
      const before = evaluate(s, r)
      const extra = more.map((m) => ({ ...m, effect: 'allow' as const, source: { ...m.source, policyId: `extra-${m.source.policyId}` } }))
      if (before.reason === 'explicit_deny') expect(evaluate([...s, ...extra], r).reason).toBe('explicit_deny')
      const reversed = summary([...s].reverse(), r)
      const forward = summary(s, r)
      expect({ ...reversed, matched: [...reversed.matched].sort() }).toEqual({ ...forward, matched: [...forward.matched].sort() })
    }), { numRuns: 300 })
  })

  it('splitting statements across compiled sets changes nothing', () => {
    fc.assert(fc.property(statements, fc.nat(), request, (s, cut, r) => {
      const at = s.length === 0 ? 0 : cut % s.length
      const sets = [compileStatements(s.slice(0, at)), compileStatements(s.slice(at))]
      expect(evaluate(sets, r)).toEqual(evaluate(s, r))
    }), { numRuns: 300 })
  })
})
