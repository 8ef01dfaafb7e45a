import { describe, expect, it } from 'vitest'
import { evaluate } from '../../authz/evaluate.js'
import type { PolicyDocument } from './types.js'
import { compilePolicyDocument, compileResourcePolicyDocument, compileTrustPolicyDocument } from './compile.js'
import { principalResource, roleResource } from './principal.js'
import { validatePolicyDocument } from './validate.js'

const A = '1d9cc99917ff41bb992276ac0ae9e4c8'
const B = 'ffffffffffffffffffffffffffffffff'
const VM_SRN = `srn:dev2::${A}:kr-west1::virtualserver:virtual-server/vm1`
const VM = `org/${A}/region/kr-west1/virtualserver/virtual-server/vm1`
const USER = principalResource(A, 'user', 'u1')

function valid(json: unknown, kind: 'identity' | 'trust' | 'resource' = 'identity'): PolicyDocument {
  const result = validatePolicyDocument(json, { kind, accountId: A })
  if ('kind' in result) throw new Error(JSON.stringify(result))
  return result
}

const options = { accountId: A, policyId: 'p1', policyVersion: 3 }

describe('compilePolicyDocument', () => {
  it('compiles each statement with its Sid as the source rule', () => {
    const statements = compilePolicyDocument(valid({
      Version: '2024-07-01',
      Statement: [
        { Sid: 'S1', Effect: 'Allow', Action: ['iam:*'], Resource: ['*'], Condition: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } },
        { Sid: 'S2', Effect: 'Deny', NotAction: ['iam:Get*'], Resource: [VM_SRN] },
      ],
    }), options)
    expect(statements).toEqual([
      {
        effect: 'allow', actions: ['iam:*'], resources: [`org/${A}`, `org/${A}/*`],
        condition: { kind: 'operators', block: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } },
        source: { surface: 'scp', policyId: 'p1', policyVersion: 3, ruleId: 'S1' },
      },
      { effect: 'deny', notActions: ['iam:Get*'], resources: [VM], source: { surface: 'scp', policyId: 'p1', policyVersion: 3, ruleId: 'S2' } },
    ])
  })

  it('pins empty and wildcard accounts to its own, and drops other environments', () => {
    const statements = compilePolicyDocument(valid({
      Version: '2024-07-01',
      Statement: [{ Effect: 'Allow', Action: ['iam:*'], NotResource: ['srn:qa2:::::iam:policy/p', 'srn:*::*:*::virtualserver:*'] }],
    }), { ...options, env: 'dev2' })
    expect(statements[0]?.notResources).toEqual([`org/${A}/region/*/virtualserver/*`])
  })

  it('never reaches another account, even from an unvalidated document', () => {
    const foreign = { Version: '2024-07-01', Statement: [{ Sid: 's', Effect: 'Allow', Action: ['*'], Resource: [`srn:dev2::${B}:kr-west1::virtualserver:virtual-server/x`] }] } as PolicyDocument
    expect(compilePolicyDocument(foreign, options)[0]?.resources).toEqual([])
  })

  it('evaluates a region condition: met allows, unmet denies and names the key when missing', () => {
    const statements = compilePolicyDocument(valid({
      Version: '2024-07-01',
      Statement: [{ Effect: 'Allow', Action: ['virtualserver:*'], Resource: ['*'], Condition: { StringEquals: { 'scp:RequestedRegion': ['kr-west1'] } } }],
    }), options)
    const request = { action: 'virtualserver:ShowVirtualServer', resource: VM }
    expect(evaluate(statements, { ...request, context: { 'scp:RequestedRegion': 'kr-west1' } }).decision).toBe('allow')
    expect(evaluate(statements, { ...request, context: { 'scp:RequestedRegion': 'kr-east1' } }).reason).toBe('implicit_deny')
    expect(evaluate(statements, request).missingContextKeys).toEqual(['scp:RequestedRegion'])
  })
})

describe('compileTrustPolicyDocument', () => {
  const trust = (Principal: unknown) => valid({ Version: '2024-07-01', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal, Resource: [], Condition: {} }] }, 'trust')

  it('guards the role itself and admits exactly its principals', () => {
    const statements = compileTrustPolicyDocument(trust(`srn:e::${A}:::iam:user/u1`), { accountId: A, roleId: 'r1', policyVersion: 2 })
    expect(statements[0]).toMatchObject({ resources: [roleResource(A, 'r1')], principals: [USER], source: { policyId: 'trust/r1', ruleId: 'statement1' } })
    const request = { action: 'sts:AssumeRole', resource: roleResource(A, 'r1') }
    expect(evaluate(statements, { ...request, principal: USER }).decision).toBe('allow')
    expect(evaluate(statements, { ...request, principal: principalResource(A, 'user', 'u2') }).decision).toBe('deny')
    expect(evaluate(statements, { ...request, resource: roleResource(A, 'r2'), principal: USER }).decision).toBe('deny')
  })

  it('reads `*` as every principal of the account, never of another', () => {
    const statements = compileTrustPolicyDocument(trust('*'), { accountId: A, roleId: 'r1', policyVersion: 1 })
    const request = { action: 'sts:AssumeRole', resource: roleResource(A, 'r1') }
    expect(evaluate(statements, { ...request, principal: USER }).decision).toBe('allow')
    expect(evaluate(statements, { ...request, principal: principalResource(B, 'user', 'u1') }).decision).toBe('deny')
  })
})

describe('compileResourcePolicyDocument', () => {
  it('applies a statement without Resource to the keyed SRN, for the principals it names', () => {
    const statements = compileResourcePolicyDocument(valid({
      Version: '2024-07-01',
      Statement: [{ Sid: 'Statement1', Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Principal: { SRN: [`srn:dev2::${A}:::iam:user/u1`] } }],
    }, 'resource'), { accountId: A, srn: VM_SRN, policyVersion: 4 })
    expect(statements[0]).toMatchObject({ resources: [VM], principals: [USER], source: { policyId: `resource/${VM_SRN}`, ruleId: 'Statement1' } })
    expect(evaluate(statements, { action: 'virtualserver:ShowVirtualServer', resource: VM, principal: USER }).decision).toBe('allow')
    expect(evaluate(statements, { action: 'virtualserver:ShowVirtualServer', resource: VM, principal: principalResource(A, 'user', 'u2') }).decision).toBe('deny')
  })
})
