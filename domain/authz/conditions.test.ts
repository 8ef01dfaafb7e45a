import { describe, expect, it } from 'vitest'
import { compileOperatorBlock, parseOperator, validateOperatorBlock } from './conditions.js'
import { contextMap } from './context.js'
import type { OperatorBlock, RequestContext } from './statement.js'

/** Evaluates a block; returns the result and the keys reported missing. */
function check(block: OperatorBlock, context: RequestContext = {}): { result: boolean; missing: string[] } {
  const compiled = compileOperatorBlock(block)
  if (!compiled.ok) throw new Error(compiled.error)
  const missing: string[] = []
  const result = compiled.test(contextMap(context), (key) => missing.push(key))
  return { result, missing }
}
const holds = (block: OperatorBlock, context: RequestContext = {}) => check(block, context).result

describe('operator names', () => {
  it('parses set prefixes and the IfExists suffix', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toMatchObject({ family: 'String', comparison: 'like', set: 'any', ifExists: true, negated: false })
    expect(parseOperator('ForAllValues:NumericNotEquals')).toMatchObject({ family: 'Numeric', set: 'all', negated: true })
    expect(parseOperator('NotIpAddressIfExists')).toMatchObject({ family: 'IpAddress', negated: true, ifExists: true })
  })

  it('knows every family and refuses the rest', () => {
    for (const name of ['StringEquals', 'StringNotEqualsIgnoreCase', 'NumericGreaterThanEquals', 'DateLessThan', 'Bool', 'IpAddress', 'Null',
      'BoolIfExists', 'DateNotEqualsIfExists', 'ForAllValues:IpAddress']) {
      expect(parseOperator(name), name).toBeDefined()
    }
    for (const name of ['StringEqual', 'stringequals', 'NullIfExists', 'ForAnyValue:Null', 'ArnLike', 'BinaryEquals', 'ForSomeValues:StringEquals',
      'IfExists', 'toString', 'constructor', '']) {
      expect(parseOperator(name), name).toBeUndefined()
    }
  })
})

describe('validateOperatorBlock', () => {
  it('accepts well-formed blocks, including an empty one', () => {
    expect(validateOperatorBlock({})).toBeUndefined()
    expect(validateOperatorBlock({
      StringEquals: { 'scp:RequestedRegion': ['kr-west1'] },
      NumericLessThan: { 'x:n': '10.5' },
      DateGreaterThan: { 'request:time': ['2024-01-01T00:00:00Z', 1700000000] },
      Bool: { 'x:mfa': 'true' },
      IpAddress: { 'request:ip': ['10.0.0.0/8', '2001:db8::/32'] },
      Null: { 'x:tag': false },
    })).toBeUndefined()
  })

  it('refuses unknown operators, naming the field', () => {
    expect(validateOperatorBlock({ StringEqualz: { k: 'v' } }, 'Statement[0].Condition')).toEqual({
      kind: 'invalid_argument', argument: 'Statement[0].Condition.StringEqualz', reason: 'constraint', message: 'unknown condition operator "StringEqualz"',
    })
  })

  it('refuses malformed values, naming the value', () => {
    const cases: Array<[unknown, string]> = [
      [{ NumericLessThan: { 'x:n': ['1', 'ten'] } }, 'Condition.NumericLessThan.x:n[1]'],
      [{ DateEquals: { d: 'yesterday' } }, 'Condition.DateEquals.d'],
      [{ DateEquals: { d: '2024-01-01T10:00:00' } }, 'Condition.DateEquals.d'],
      [{ Bool: { b: 'yes' } }, 'Condition.Bool.b'],
      [{ IpAddress: { ip: ['10.0.0.0/33'] } }, 'Condition.IpAddress.ip[0]'],
      [{ Null: { k: 1 } }, 'Condition.Null.k'],
      [{ StringEquals: { k: [] } }, 'Condition.StringEquals.k'],
      [{ StringEquals: { k: [{}] } }, 'Condition.StringEquals.k[0]'],
      [{ StringEquals: { k: null } }, 'Condition.StringEquals.k'],
      [{ StringEquals: {} }, 'Condition.StringEquals'],
      [{ StringEquals: 'k' }, 'Condition.StringEquals'],
      [{ StringEquals: { ' ': 'v' } }, 'Condition.StringEquals. '],
      [[], 'Condition'],
    ]
    for (const [block, argument] of cases) expect(validateOperatorBlock(block), JSON.stringify(block)).toMatchObject({ kind: 'invalid_argument', argument })
  })

  it('compiles an invalid block to an error instead of throwing', () => {
    expect(compileOperatorBlock({ Nope: { k: 'v' } })).toEqual({ ok: false, error: 'Condition.Nope: unknown condition operator "Nope"' })
  })
})

describe('String operators', () => {
  it('compare exactly, ignoring case, or by glob', () => {
    expect(holds({ StringEquals: { k: 'Value' } }, { k: 'Value' })).toBe(true)
    expect(holds({ StringEquals: { k: 'Value' } }, { k: 'value' })).toBe(false)
    expect(holds({ StringEqualsIgnoreCase: { k: 'Value' } }, { k: 'vALUE' })).toBe(true)
    expect(holds({ StringNotEqualsIgnoreCase: { k: 'Value' } }, { k: 'vALUE' })).toBe(false)
    expect(holds({ StringLike: { k: 'terraform/*' } }, { k: 'terraform/1.7' })).toBe(true)
    expect(holds({ StringLike: { k: 'a?c' } }, { k: 'abc' })).toBe(true)
    expect(holds({ StringNotLike: { k: 'a?c' } }, { k: 'abbc' })).toBe(true)
    expect(holds({ StringEquals: { k: 42 } }, { k: '42' })).toBe(true)
    expect(holds({ StringEquals: { k: '42' } }, { k: 42 })).toBe(true)
  })

  it('OR the values of one key and NOR them when negated', () => {
    expect(holds({ StringEquals: { k: ['a', 'b'] } }, { k: 'b' })).toBe(true)
    expect(holds({ StringNotEquals: { k: ['a', 'b'] } }, { k: 'b' })).toBe(false)
    expect(holds({ StringNotEquals: { k: ['a', 'b'] } }, { k: 'c' })).toBe(true)
  })

  it('AND keys and operators', () => {
    const block = { StringEquals: { a: '1', b: '2' }, StringLike: { c: 'x*' } }
    expect(holds(block, { a: '1', b: '2', c: 'xy' })).toBe(true)
    expect(holds(block, { a: '1', b: '3', c: 'xy' })).toBe(false)
    expect(holds(block, { a: '1', b: '2', c: 'yx' })).toBe(false)
  })

  it('looks up context keys case-insensitively', () => {
    expect(holds({ StringEquals: { 'SCP:RequestedRegion': 'kr-west1' } }, { 'scp:requestedregion': 'kr-west1' })).toBe(true)
  })
})

describe('Numeric and Date operators', () => {
  it('compare numbers, accepting numeric strings on both sides', () => {
    expect(holds({ NumericLessThan: { n: 10 } }, { n: 9.5 })).toBe(true)
    expect(holds({ NumericLessThan: { n: '10' } }, { n: '10' })).toBe(false)
    expect(holds({ NumericLessThanEquals: { n: '10' } }, { n: '10' })).toBe(true)
    expect(holds({ NumericGreaterThan: { n: 1 } }, { n: '1e3' })).toBe(true)
    expect(holds({ NumericGreaterThanEquals: { n: 1 } }, { n: 0 })).toBe(false)
    expect(holds({ NumericEquals: { n: ['1', '2'] } }, { n: 2 })).toBe(true)
    expect(holds({ NumericNotEquals: { n: ['1', '2'] } }, { n: 2 })).toBe(false)
  })

  it('do not match a context value of the wrong type (its negation then holds)', () => {
    expect(holds({ NumericEquals: { n: 1 } }, { n: 'one' })).toBe(false)
    expect(holds({ NumericNotEquals: { n: 1 } }, { n: 'one' })).toBe(true)
    expect(holds({ DateLessThan: { d: '2024-01-01T00:00:00Z' } }, { d: 'soon' })).toBe(false)
  })

  it('compare instants given as ISO 8601 or epoch seconds', () => {
    const cutoff = '2024-06-01T00:00:00Z'
    expect(holds({ DateLessThan: { 'request:time': cutoff } }, { 'request:time': '2024-05-31T23:59:59.999Z' })).toBe(true)
    expect(holds({ DateLessThan: { 'request:time': cutoff } }, { 'request:time': '2024-06-01T02:00:00+02:00' })).toBe(false)
    expect(holds({ DateEquals: { 'request:time': cutoff } }, { 'request:time': 1717200000 })).toBe(true)
    expect(holds({ DateGreaterThanEquals: { 'request:time': 1717200000 } }, { 'request:time': '2024-06-01' })).toBe(true)
    expect(holds({ DateNotEquals: { 'request:time': cutoff } }, { 'request:time': '1717200000' })).toBe(false)
    expect(holds({ DateGreaterThan: { 'request:time': cutoff } }, { 'request:time': '2024-06-01T00:00:00.001Z' })).toBe(true)
    expect(holds({ DateLessThanEquals: { 'request:time': cutoff } }, { 'request:time': cutoff })).toBe(true)
  })
})

describe('Bool, IpAddress and Null', () => {
  it('Bool accepts booleans and their strings', () => {
    expect(holds({ Bool: { mfa: true } }, { mfa: 'TRUE' })).toBe(true)
    expect(holds({ Bool: { mfa: 'false' } }, { mfa: true })).toBe(false)
    expect(holds({ Bool: { mfa: 'true' } }, { mfa: 'yes' })).toBe(false)
  })

  it('IpAddress matches IPv4 and IPv6 ranges', () => {
    const block = { IpAddress: { 'request:ip': ['203.0.113.0/24', '2001:db8::/32'] } }
    expect(holds(block, { 'request:ip': '203.0.113.9' })).toBe(true)
    expect(holds(block, { 'request:ip': '2001:db8:1::9' })).toBe(true)
    expect(holds(block, { 'request:ip': '198.51.100.1' })).toBe(false)
    expect(holds(block, { 'request:ip': 'not an ip' })).toBe(false)
    expect(holds({ NotIpAddress: { 'request:ip': '10.0.0.0/8' } }, { 'request:ip': '192.0.2.1' })).toBe(true)
    expect(holds({ NotIpAddress: { 'request:ip': '10.0.0.0/8' } }, { 'request:ip': '10.2.3.4' })).toBe(false)
  })

  it('Null tests presence', () => {
    expect(holds({ Null: { tag: true } }, {})).toBe(true)
    expect(holds({ Null: { tag: 'true' } }, { tag: 'x' })).toBe(false)
    expect(holds({ Null: { tag: false } }, { TAG: 'x' })).toBe(true)
    expect(holds({ Null: { tag: false } }, { tag: undefined })).toBe(false)
    expect(check({ Null: { tag: true } }).missing).toEqual([])
  })
})

describe('missing keys', () => {
  const positive: OperatorBlock[] = [
    { StringEquals: { k: 'v' } }, { StringEqualsIgnoreCase: { k: 'v' } }, { StringLike: { k: '*' } },
    { NumericEquals: { k: 1 } }, { NumericLessThan: { k: 1 } }, { NumericLessThanEquals: { k: 1 } }, { NumericGreaterThan: { k: 1 } },
    { NumericGreaterThanEquals: { k: 1 } }, { DateEquals: { k: 1 } }, { DateLessThan: { k: 1 } }, { DateLessThanEquals: { k: 1 } },
    { DateGreaterThan: { k: 1 } }, { DateGreaterThanEquals: { k: 1 } }, { Bool: { k: true } }, { IpAddress: { k: '0.0.0.0/0' } },
  ]
  const negated: OperatorBlock[] = [
    { StringNotEquals: { k: 'v' } }, { StringNotEqualsIgnoreCase: { k: 'v' } }, { StringNotLike: { k: '*' } },
    { NumericNotEquals: { k: 1 } }, { DateNotEquals: { k: 1 } }, { NotIpAddress: { k: '0.0.0.0/0' } },
  ]

  it('make every positive operator false and report the key', () => {
    for (const block of positive) expect(check(block, { other: 'x' }), JSON.stringify(block)).toEqual({ result: false, missing: ['k'] })
  })

  it('make every negated operator true', () => {
    for (const block of negated) expect(check(block), JSON.stringify(block)).toEqual({ result: true, missing: ['k'] })
  })

  it('make every IfExists form true', () => {
    for (const block of [...positive, ...negated]) {
      const [[name, keys]] = Object.entries(block) as [[string, Record<string, string>]]
      expect(holds({ [`${name}IfExists`]: keys }), name).toBe(true)
    }
  })

  it('IfExists still tests a present key', () => {
    expect(holds({ StringEqualsIfExists: { k: 'v' } }, { k: 'w' })).toBe(false)
    expect(holds({ NumericLessThanIfExists: { k: 5 } }, { k: 4 })).toBe(true)
  })

  it('are all reported, not only the first', () => {
    expect(check({ StringEquals: { a: 'x', b: 'y' }, Bool: { c: true } }).missing).toEqual(['a', 'b', 'c'])
  })
})

describe('set operators', () => {
  it('ForAnyValue holds when any context value matches; false on a missing key or an empty set', () => {
    const block = { 'ForAnyValue:StringEquals': { tags: ['prod', 'staging'] } }
    expect(holds(block, { tags: ['dev', 'prod'] })).toBe(true)
    expect(holds(block, { tags: ['dev'] })).toBe(false)
    expect(holds(block, { tags: 'prod' })).toBe(true)
    expect(holds(block, { tags: [] })).toBe(false)
    expect(holds(block, {})).toBe(false)
    expect(holds({ 'ForAnyValue:StringNotEquals': { tags: ['prod'] } }, { tags: ['prod', 'dev'] })).toBe(true)
    expect(holds({ 'ForAnyValue:StringNotEquals': { tags: ['prod'] } }, {})).toBe(false)
  })

  it('ForAllValues holds when every context value matches; true on a missing key or an empty set', () => {
    const block = { 'ForAllValues:StringLike': { tags: ['env:*', 'team:*'] } }
    expect(holds(block, { tags: ['env:prod', 'team:iam'] })).toBe(true)
    expect(holds(block, { tags: ['env:prod', 'owner:x'] })).toBe(false)
    expect(holds(block, { tags: [] })).toBe(true)
    expect(holds(block, {})).toBe(true)
    expect(holds({ 'ForAllValues:StringNotEquals': { tags: ['root'] } }, { tags: ['a', 'b'] })).toBe(true)
    expect(holds({ 'ForAllValues:StringNotEquals': { tags: ['root'] } }, { tags: ['a', 'root'] })).toBe(false)
  })

  it('work with every family', () => {
    expect(holds({ 'ForAllValues:NumericLessThan': { n: 10 } }, { n: [1, '2', 9] })).toBe(true)
    expect(holds({ 'ForAnyValue:DateGreaterThan': { d: '2024-01-01T00:00:00Z' } }, { d: ['2023-01-01T00:00:00Z', '2025-01-01T00:00:00Z'] })).toBe(true)
    expect(holds({ 'ForAllValues:IpAddress': { ip: '10.0.0.0/8' } }, { ip: ['10.1.1.1', '192.0.2.1'] })).toBe(false)
    expect(holds({ 'ForAnyValue:Bool': { b: true } }, { b: [false, true] })).toBe(true)
  })

  it('IfExists on a set operator makes a missing key true', () => {
    expect(holds({ 'ForAnyValue:StringEqualsIfExists': { tags: 'prod' } }, {})).toBe(true)
  })

  it('a multi-valued key under a plain operator matches when any value does', () => {
    expect(holds({ StringEquals: { tags: 'prod' } }, { tags: ['dev', 'prod'] })).toBe(true)
    expect(holds({ StringNotEquals: { tags: 'prod' } }, { tags: ['dev', 'prod'] })).toBe(false)
  })
})
