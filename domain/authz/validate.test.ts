import { describe, expect, it } from 'vitest'
import type { Statement } from './statement.js'
import { validateStatement } from './validate.js'

const base: Statement = {
  effect: 'allow',
  actions: ['iam:GetUser', 'instance:*'],
  resources: ['org/a', 'org/a/*'],
  source: { surface: 'scaleway', policyId: 'p', policyVersion: 3, ruleId: 'r' },
}

describe('validateStatement', () => {
  it('accepts well-formed statements of every shape', () => {
    expect(validateStatement(base)).toBeUndefined()
    expect(validateStatement({ ...base, actions: undefined, notActions: ['iam:Delete*'], resources: undefined, notResources: ['org/a/iam/*'] })).toBeUndefined()
    expect(validateStatement({ ...base, actions: ['*'], principals: ['*'] })).toBeUndefined()
    expect(validateStatement({ ...base, condition: { kind: 'cel', expression: 'request.ip == "192.0.2.1"' } })).toBeUndefined()
    expect(validateStatement({ ...base, condition: { kind: 'operators', block: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } } })).toBeUndefined()
  })

  it('names the offending field', () => {
    const cases: Array<[Statement, string]> = [
      [{ ...base, effect: 'maybe' as 'allow' }, 'statement.effect'],
      [{ ...base, notActions: ['iam:*'] }, 'statement.actions'],
      [{ ...base, actions: undefined }, 'statement.actions'],
      [{ ...base, actions: ['iam:GetUser', 'GetUser'] }, 'statement.actions[1]'],
      [{ ...base, actions: undefined, notActions: [':x'] }, 'statement.notActions[0]'],
      [{ ...base, resources: undefined }, 'statement.resources'],
      [{ ...base, resources: ['org/a', ''] }, 'statement.resources[1]'],
      [{ ...base, principals: ['a b'] }, 'statement.principals[0]'],
      [{ ...base, condition: { kind: 'cel', expression: 'request.ip' } }, 'statement.condition'],
      [{ ...base, condition: { kind: 'operators', block: { NumericLessThan: { n: 'x' } } } }, 'statement.condition.NumericLessThan.n'],
    ]
    for (const [statement, argument] of cases) {
      expect(validateStatement(statement), argument).toMatchObject({ kind: 'invalid_argument', argument })
    }
  })

  it('uses the caller’s path prefix', () => {
    expect(validateStatement({ ...base, condition: { kind: 'cel', expression: 'nope' } }, 'rules[2]')).toMatchObject({
      argument: 'rules[2].condition', message: "undeclared reference to 'nope'",
    })
  })
})
