// AWS-style condition operator blocks: validated when a policy is written, compiled once, evaluated without throwing.
//
// Semantics (AWS IAM): operators AND, keys under one operator AND, values of one key OR (negated operators: NOR).
// A key missing from the context makes its test false, except negated operators, `…IfExists` and `Null` (true),
// and `ForAllValues:` (true, as for an empty set). `ForAnyValue:` is false on a missing key or an empty set.
// A negated operator is the negation of its positive form on a present key; a context value of the wrong type
// (say, "abc" for NumericLessThan) simply does not match the positive form.
import { invalidArgument, type DomainError } from '../core/errors.js'
import { NUMBER, parseInstant, type ContextMap, type ContextScalar } from './context.js'
import { compileGlobs, type Matcher } from './glob.js'
import { parseCidr, parseIp, rangeContains, type IpRange } from './ip.js'
import type { OperatorBlock } from './statement.js'

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'IpAddress' | 'Null'
type Comparison = 'eq' | 'ieq' | 'like' | 'lt' | 'le' | 'gt' | 'ge' | 'in'

interface BaseOperator {
  family: Family
  comparison: Comparison
  negated: boolean
}

const BASE_OPERATORS: Record<string, BaseOperator> = {
  StringEquals: { family: 'String', comparison: 'eq', negated: false },
  StringNotEquals: { family: 'String', comparison: 'eq', negated: true },
  StringEqualsIgnoreCase: { family: 'String', comparison: 'ieq', negated: false },
  StringNotEqualsIgnoreCase: { family: 'String', comparison: 'ieq', negated: true },
  StringLike: { family: 'String', comparison: 'like', negated: false },
  StringNotLike: { family: 'String', comparison: 'like', negated: true },
  ...ordered('Numeric'),
  ...ordered('Date'),
  Bool: { family: 'Bool', comparison: 'eq', negated: false },
  IpAddress: { family: 'IpAddress', comparison: 'in', negated: false },
  NotIpAddress: { family: 'IpAddress', comparison: 'in', negated: true },
  Null: { family: 'Null', comparison: 'eq', negated: false },
}

function ordered(family: 'Numeric' | 'Date'): Record<string, BaseOperator> {
  return {
    [`${family}Equals`]: { family, comparison: 'eq', negated: false },
    [`${family}NotEquals`]: { family, comparison: 'eq', negated: true },
    [`${family}LessThan`]: { family, comparison: 'lt', negated: false },
    [`${family}LessThanEquals`]: { family, comparison: 'le', negated: false },
    [`${family}GreaterThan`]: { family, comparison: 'gt', negated: false },
    [`${family}GreaterThanEquals`]: { family, comparison: 'ge', negated: false },
  }
}

export interface ParsedOperator extends BaseOperator {
  name: string
  set: 'any' | 'all' | undefined
  ifExists: boolean
}

/** `ForAnyValue:` / `ForAllValues:` prefix, base operator, `IfExists` suffix; undefined when unknown. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name
  let set: ParsedOperator['set']
  if (rest.startsWith('ForAnyValue:')) [set, rest] = ['any', rest.slice('ForAnyValue:'.length)]
  else if (rest.startsWith('ForAllValues:')) [set, rest] = ['all', rest.slice('ForAllValues:'.length)]
  const ifExists = rest.endsWith('IfExists')
  if (ifExists) rest = rest.slice(0, -'IfExists'.length)
  const base = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest] : undefined
  if (!base || (base.family === 'Null' && (set !== undefined || ifExists))) return undefined
  return { ...base, name, set, ifExists }
}

type PolicyScalar = string | number | boolean

/** The parsed form of a policy value, or the reason it is malformed. */
function parsePolicyValue(family: Family, value: PolicyScalar): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (family) {
    case 'String':
      return { ok: true, value: String(value) }
    case 'Numeric': {
      const number = toNumber(value)
      return number === undefined ? { ok: false, reason: 'must be a number' } : { ok: true, value: number }
    }
    case 'Date': {
      const instant = parseInstant(value)
      return instant === undefined ? { ok: false, reason: 'must be an ISO 8601 date-time with offset, or epoch seconds' } : { ok: true, value: instant }
    }
    case 'Bool':
    case 'Null': {
      const bool = toBoolean(value)
      return bool === undefined ? { ok: false, reason: 'must be true or false' } : { ok: true, value: bool }
    }
    case 'IpAddress': {
      const range = typeof value === 'string' ? parseCidr(value) : undefined
      return range === undefined ? { ok: false, reason: 'must be an IPv4 or IPv6 address or CIDR range' } : { ok: true, value: range }
    }
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  return typeof value === 'string' && NUMBER.test(value) ? Number(value) : undefined
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value !== 'string') return undefined
  const lower = value.toLowerCase()
  return lower === 'true' ? true : lower === 'false' ? false : undefined
}

function isScalar(value: unknown): value is PolicyScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Checks a block when a policy is written: known operators, keys, and well-formed values.
 * Returns the first problem as `invalid_argument` naming the field (`Condition.NumericLessThan.aws:x[1]`).
 */
export function validateOperatorBlock(block: unknown, path = 'Condition'): DomainError | undefined {
  if (!isRecord(block)) return invalidArgument(path, 'must be an object of condition operators', 'format')
  for (const [name, keys] of Object.entries(block)) {
    const operator = parseOperator(name)
    if (!operator) return invalidArgument(`${path}.${name}`, `unknown condition operator "${name}"`)
    if (!isRecord(keys) || Object.keys(keys).length === 0) {
      return invalidArgument(`${path}.${name}`, 'must be a non-empty object of condition keys', 'format')
    }
    for (const [key, raw] of Object.entries(keys)) {
      const keyPath = `${path}.${name}.${key}`
      if (key.trim() === '') return invalidArgument(keyPath, 'condition key must not be empty')
      const values = Array.isArray(raw) ? raw : [raw]
      if (values.length === 0) return invalidArgument(keyPath, 'must list at least one value')
      for (let i = 0; i < values.length; i++) {
        const valuePath = Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath
        const value: unknown = values[i]
        if (!isScalar(value)) return invalidArgument(valuePath, 'must be a string, number or boolean', 'format')
        const parsed = parsePolicyValue(operator.family, value)
        if (!parsed.ok) return invalidArgument(valuePath, `${name}: ${parsed.reason}`, 'format')
      }
    }
  }
  return undefined
}

/** Evaluates a compiled block against a context; `onMissing` hears every key it needed and did not find. */
export type ConditionTest = (context: ContextMap, onMissing: (key: string) => void) => boolean

export type CompiledOperatorBlock = { ok: true; test: ConditionTest } | { ok: false; error: string }

/** Compiles a block (validating it first: a block that would not pass validation compiles to an error, never throws). */
export function compileOperatorBlock(block: OperatorBlock): CompiledOperatorBlock {
  const invalid = validateOperatorBlock(block)
  if (invalid) return { ok: false, error: invalid.kind === 'invalid_argument' ? `${invalid.argument}: ${invalid.message}` : invalid.kind }
  const tests: ConditionTest[] = []
  for (const [name, keys] of Object.entries(block)) {
    const operator = parseOperator(name) as ParsedOperator
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((value) => (parsePolicyValue(operator.family, value) as { value: unknown }).value)
      tests.push(keyTest(operator, key, values))
    }
  }
  if (tests.length === 1) return { ok: true, test: tests[0] as ConditionTest }
  // Every key is evaluated (no short-circuit) so that the explanation lists every missing key.
  return {
    ok: true,
    test: (context, onMissing) => {
      let result = true
      for (const test of tests) if (!test(context, onMissing)) result = false
      return result
    },
  }
}

function keyTest(operator: ParsedOperator, key: string, values: unknown[]): ConditionTest {
  const lookup = key.toLowerCase()
  const { family, negated, set, ifExists } = operator
  if (family === 'Null') {
    const wantsAbsent = values as boolean[]
    return (context) => wantsAbsent.includes(!context.has(lookup))
  }
  const matches = positiveMatcher(family, operator.comparison, values)
  const onAbsent = ifExists || set === 'all' || (set === undefined && negated)
  return (context, onMissing) => {
    const value = context.get(lookup)
    if (value === undefined) {
      onMissing(key)
      return onAbsent
    }
    if (!Array.isArray(value)) return matches(value) !== negated
    if (set === 'any') return value.some((item) => matches(item) !== negated)
    if (set === 'all') return value.every((item) => matches(item) !== negated)
    return value.some(matches) !== negated
  }
}

/** True when a context scalar satisfies the positive operator against any policy value. */
function positiveMatcher(family: Exclude<Family, 'Null'>, comparison: Comparison, values: unknown[]): (value: ContextScalar) => boolean {
  switch (family) {
    case 'String':
      return stringMatcher(comparison, values as string[])
    case 'Numeric':
      return orderedMatcher(comparison as OrderedComparison, values as number[], toNumber)
    case 'Date':
      return orderedMatcher(comparison as OrderedComparison, values as number[], parseInstant)
    case 'Bool': {
      const wanted = values as boolean[]
      return (value) => {
        const bool = toBoolean(value)
        return bool !== undefined && wanted.includes(bool)
      }
    }
    case 'IpAddress': {
      const ranges = values as IpRange[]
      return (value) => {
        const address = typeof value === 'string' ? parseIp(value) : undefined
        return address !== undefined && ranges.some((range) => rangeContains(range, address))
      }
    }
  }
}

function stringMatcher(comparison: Comparison, values: string[]): (value: ContextScalar) => boolean {
  if (comparison === 'like') {
    const like: Matcher = compileGlobs(values)
    return (value) => like(String(value))
  }
  if (comparison === 'ieq') {
    const lowered = new Set(values.map((v) => v.toLowerCase()))
    return (value) => lowered.has(String(value).toLowerCase())
  }
  const exact = new Set(values)
  return (value) => exact.has(String(value))
}

type OrderedComparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge'

function orderedMatcher(
  comparison: OrderedComparison,
  values: number[],
  parse: (value: unknown) => number | undefined,
): (value: ContextScalar) => boolean {
  const compare = COMPARE[comparison]
  return (value) => {
    const actual = parse(value)
    if (actual === undefined) return false
    for (const expected of values) if (compare(actual, expected)) return true
    return false
  }
}

const COMPARE: Record<OrderedComparison, (actual: number, expected: number) => boolean> = {
  eq: (a, e) => a === e,
  lt: (a, e) => a < e,
  le: (a, e) => a <= e,
  gt: (a, e) => a > e,
  ge: (a, e) => a >= e,
}
