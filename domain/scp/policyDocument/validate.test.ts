import { describe, expect, it } from 'vitest'
import { invalidArgument } from '../../core/errors.js'
import { POLICY_LIMITS } from './limits.js'
import { validatePolicyDocument, validatePolicyStatement } from './validate.js'

const ACCOUNT = '1d9cc99917ff41bb992276ac0ae9e4c8'
const VM = `srn:dev2::${ACCOUNT}:kr-west1::virtualserver:virtual-server/abcde-1234`
const USER = `srn:dev2::${ACCOUNT}:::iam:user/abc1234`

const allow = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'], ...extra })
const doc = (...Statement: unknown[]) => ({ Version: '2024-07-01', Statement })
const field = (result: unknown) => (result as { argument?: string }).argument

describe('validatePolicyDocument', () => {
  it('accepts the documented identity example and normalizes it', () => {
    const result = validatePolicyDocument({
      Version: '2024-07-01',
      Statement: [{ Sid: 'Statement1', Effect: 'Allow', Action: ['iam:*'], Principal: null, Resource: ['*'], Condition: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } }],
    })
    expect(result).toEqual(doc({ Sid: 'Statement1', Effect: 'Allow', Action: ['iam:*'], Resource: ['*'], Condition: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } }))
  })

  it('reads a bare string as a one-entry list, `[]` Principal and `{}` Condition as none, and a JSON text', () => {
    const result = validatePolicyDocument(JSON.stringify(doc({ Effect: 'Deny', Action: 'iam:DeleteGroup', NotAction: [], Resource: '*', Principal: [], Condition: {} })))
    expect(result).toEqual(doc({ Sid: 'statement1', Effect: 'Deny', Action: ['iam:DeleteGroup'], Resource: ['*'] }))
  })

  it('numbers missing Sids with the first free statementN', () => {
    const result = validatePolicyDocument(doc(allow(), allow({ Sid: 'statement2' }), allow()))
    expect((result as { Statement: Array<{ Sid: string }> }).Statement.map((s) => s.Sid)).toEqual(['statement1', 'statement2', 'statement3'])
  })

  it.each([
    ['a non-object document', 'x', 'policy_document'],
    ['invalid JSON text', '{', 'policy_document'],
    ['a missing Version', { Statement: [allow()] }, 'Version'],
    ['another Version', { Version: '2012-10-17', Statement: [allow()] }, 'Version'],
    ['an unknown document field', { ...doc(allow()), Id: 'x' }, 'Id'],
    ['no statements', doc(), 'Statement'],
    ['a statement that is not an object', doc('x'), 'Statement[0]'],
    ['an unknown statement field', doc(allow({ NotPrincipal: '*' })), 'Statement[0].NotPrincipal'],
    ['a missing Effect', doc({ Action: ['iam:*'], Resource: ['*'] }), 'Statement[0].Effect'],
    ['an Effect in another case', doc(allow({ Effect: 'allow' })), 'Statement[0].Effect'],
    ['neither Action nor NotAction', doc({ Effect: 'Allow', Action: [], Resource: ['*'] }), 'Statement[0].Action'],
    ['both Action and NotAction', doc(allow({ NotAction: ['iam:ListGroups'] })), 'Statement[0].NotAction'],
    ['a malformed action', doc(allow({ Action: ['iam:*', 'CreateGroup'] })), 'Statement[0].Action[1]'],
    ['a malformed NotAction', doc({ Effect: 'Allow', NotAction: ['iam list'], Resource: ['*'] }), 'Statement[0].NotAction[0]'],
    ['a non-string action', doc(allow({ Action: [42] })), 'Statement[0].Action[0]'],
    ['no Resource in an identity policy', doc({ Effect: 'Allow', Action: ['iam:*'] }), 'Statement[0].Resource'],
    ['a malformed SRN', doc(allow({ Resource: ['srn:dev2:x'] })), 'Statement[0].Resource[0]'],
    ['a resource that is no SRN', doc(allow({ Resource: ['*', 'arn:aws:s3:::bucket'] })), 'Statement[0].Resource[1]'],
    ['Resource and NotResource', doc(allow({ NotResource: [VM] })), 'Statement[0].NotResource'],
    ['a Principal in an identity policy', doc(allow({ Principal: '*' })), 'Statement[0].Principal'],
    ['an unknown condition operator', doc(allow({ Condition: { StringEqualz: { 'scp:RequestedRegion': ['kr-west1'] } } })), 'Statement[0].Condition.StringEqualz'],
    ['a condition value of the wrong type', doc(allow({ Condition: { StringEquals: { 'scp:RequestedRegion': [{ a: 1 }] } } })), 'Statement[0].Condition.StringEquals.scp:RequestedRegion[0]'],
    ['a malformed Sid', doc(allow({ Sid: 'has space' })), 'Statement[0].Sid'],
    ['a duplicate Sid', doc(allow({ Sid: 'a' }), allow({ Sid: 'a' })), 'Statement[1].Sid'],
  ])('refuses %s, naming the field', (_name, input, expected) => {
    expect(field(validatePolicyDocument(input))).toBe(expected)
  })

  it('prefixes field names with the caller\'s field', () => {
    expect(validatePolicyDocument(doc(allow({ Effect: 'Permit' })), { field: 'policy_version.policy_document' })).toEqual(
      invalidArgument('policy_version.policy_document.Statement[0].Effect', 'must be "Allow" or "Deny"', 'format'),
    )
  })

  it('refuses an SRN of another account, but takes an empty or wildcard account as its own', () => {
    const other = 'srn:dev2::ffffffffffffffffffffffffffffffff:kr-west1::virtualserver:virtual-server/x'
    expect(field(validatePolicyDocument(doc(allow({ Resource: [other] })), { accountId: ACCOUNT }))).toBe('Statement[0].Resource[0]')
    expect(validatePolicyDocument(doc(allow({ Resource: ['srn:qa2:::::iam:policy/p', 'srn:*::*:*::virtualserver:*'] })), { accountId: ACCOUNT })).not.toHaveProperty('kind')
  })

  it('enforces the size limits', () => {
    const statements = Array.from({ length: POLICY_LIMITS.statements + 1 }, () => allow())
    expect(field(validatePolicyDocument(doc(...statements)))).toBe('Statement')
    const actions = Array.from({ length: POLICY_LIMITS.entriesPerField + 1 }, (_, i) => `iam:Action${i}`)
    expect(field(validatePolicyDocument(doc(allow({ Action: actions }))))).toBe('Statement[0].Action')
    expect(field(validatePolicyDocument(doc(allow({ Resource: [`${VM}${'x'.repeat(POLICY_LIMITS.entryLength)}`] }))))).toBe('Statement[0].Resource[0]')
    const big = Array.from({ length: 60 }, (_, i) => allow({ Sid: `s${i}`, Action: Array.from({ length: 20 }, (_, j) => `virtualserver:ShowVirtualServer${j}`) }))
    expect(field(validatePolicyDocument(doc(...big)))).toBe('policy_document')
  })
})

describe('trust and resource-based documents', () => {
  const trust = { Sid: 'statement1', Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: USER, Resource: [], Condition: {} }

  it('accepts the documented trust policy, including the short SRN form', () => {
    expect(validatePolicyDocument(doc(trust), { kind: 'trust' })).toEqual(doc({ Sid: 'statement1', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [], Principal: USER }))
    expect(validatePolicyDocument(doc({ ...trust, Principal: 'srn:e:1234:::iam:user/abc1234' }), { kind: 'trust' })).not.toHaveProperty('kind')
  })

  it('requires a Principal', () => {
    expect(field(validatePolicyDocument(doc({ ...trust, Principal: null }), { kind: 'trust' }))).toBe('Statement[0].Principal')
    expect(field(validatePolicyDocument(doc({ ...trust, Principal: [] }), { kind: 'resource' }))).toBe('Statement[0].Principal')
  })

  it('reads the object and list forms of Principal as {SRN: [...]}', () => {
    const result = validatePolicyDocument(doc({ ...trust, Principal: { SRN: USER } }), { kind: 'trust' })
    expect((result as { Statement: Array<{ Principal: unknown }> }).Statement[0]?.Principal).toEqual({ SRN: [USER] })
    const list = validatePolicyDocument(doc({ ...trust, Principal: [USER, '*'] }), { kind: 'trust' })
    expect((list as { Statement: Array<{ Principal: unknown }> }).Statement[0]?.Principal).toEqual({ SRN: [USER, '*'] })
  })

  it.each([
    ['an unknown principal type', { AWS: [USER] }, 'Statement[0].Principal.AWS'],
    ['a principal that is no SRN', 'user/abc', 'Statement[0].Principal'],
    ['a principal of another service', VM, 'Statement[0].Principal'],
    ['a malformed SRN in the list', { SRN: [USER, 'srn:x'] }, 'Statement[0].Principal.SRN[1]'],
  ])('refuses %s', (_name, Principal, expected) => {
    expect(field(validatePolicyDocument(doc({ ...trust, Principal }), { kind: 'trust' }))).toBe(expected)
  })

  it('allows a resource-based statement without Resource (the keyed SRN)', () => {
    const result = validatePolicyStatement({ Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Principal: '*' }, { kind: 'resource' })
    expect(result).toEqual({ Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Resource: [], Principal: '*' })
  })
})
