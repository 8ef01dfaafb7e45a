import { describe, expect, it } from 'vitest'
import { CONTEXT_KEYS } from './context.js'
import { compileStatements, evaluate, type AuthzRequest } from './evaluate.js'
import { scalewayScopePatterns } from './resource.js'
import type { Statement, StatementSource } from './statement.js'

const ORG = '0b6f3b1c9a1e4e2f8a7d6c5b4a392817'
const PROJECT = '5d7e1c0a2b3f4e5d6c7b8a9f0e1d2c3b'
const USER = `org/${ORG}/iam/user/u1`
const SERVER = `org/${ORG}/project/${PROJECT}/instance/server/s1`

const source = (policyId: string, ruleId?: string): StatementSource => ({ surface: 'scp', policyId, policyVersion: 1, ...(ruleId ? { ruleId } : {}) })
const allow = (policyId: string, rest: Partial<Statement> = {}): Statement => ({
  effect: 'allow', actions: ['*'], resources: ['*'], source: source(policyId), ...rest,
})
const deny = (policyId: string, rest: Partial<Statement> = {}): Statement => ({ ...allow(policyId, rest), effect: 'deny' })
const req = (action: string, resource = USER, rest: Partial<AuthzRequest> = {}): AuthzRequest => ({ action, resource, ...rest })

describe('evaluate', () => {
  it('denies implicitly when nothing matches', () => {
    expect(evaluate([], req('iam:GetUser'))).toEqual({ decision: 'deny', reason: 'implicit_deny', matched: [], missingContextKeys: [], errors: [] })
    expect(evaluate([allow('p', { actions: ['iam:ListUsers'] })], req('iam:GetUser')).reason).toBe('implicit_deny')
  })

  it('allows on a matching allow and names it', () => {
    expect(evaluate([allow('p', { actions: ['iam:GetUser'] })], req('iam:GetUser'))).toEqual({
      decision: 'allow', reason: 'allowed', matched: [{ effect: 'allow', source: source('p') }], missingContextKeys: [], errors: [],
    })
  })

  it('lets any matching explicit deny win, whatever the order, and names every deny', () => {
    const statements = [allow('a'), deny('d1', { actions: ['iam:Get*'] }), allow('b'), deny('d2', { resources: [`org/${ORG}/iam/*`] })]
    const explanation = evaluate(statements, req('iam:GetUser'))
    expect(explanation.decision).toBe('deny')
    expect(explanation.reason).toBe('explicit_deny')
    expect(explanation.matched.map((m) => m.source.policyId)).toEqual(['d1', 'd2'])
    expect(evaluate([...statements].reverse(), req('iam:GetUser')).reason).toBe('explicit_deny')
    expect(evaluate(statements, req('iam:ListUsers')).matched.map((m) => m.source.policyId)).toEqual(['d2'])
    expect(evaluate(statements, req('instance:ListServers', SERVER))).toMatchObject({
      decision: 'allow', reason: 'allowed', matched: [{ effect: 'allow', source: source('a') }, { effect: 'allow', source: source('b') }],
    })
  })

  it('matches actions case-insensitively with * and ?', () => {
    const statements = [allow('p', { actions: ['IAM:get?ser', 'instance:*Server*'] })]
    expect(evaluate(statements, req('iam:GetUser')).decision).toBe('allow')
    expect(evaluate(statements, req('Iam:GETUSER')).decision).toBe('allow')
    expect(evaluate(statements, req('iam:GetUsers')).decision).toBe('deny')
    expect(evaluate(statements, req('instance:ListServers')).decision).toBe('allow')
    expect(evaluate(statements, req('instance:ListVolumes')).decision).toBe('deny')
    expect(evaluate([allow('p', { actions: ['*:Get*'] })], req('anything:GetIt')).decision).toBe('allow')
  })

  it('matches resources case-sensitively by glob', () => {
    const statements = [allow('p', { resources: scalewayScopePatterns({ organizationId: ORG, projectIds: [PROJECT] }) })]
    expect(evaluate(statements, req('instance:GetServer', SERVER)).decision).toBe('allow')
    expect(evaluate(statements, req('iam:GetUser', USER)).decision).toBe('deny')
    expect(evaluate(statements, req('instance:GetServer', SERVER.toUpperCase())).decision).toBe('deny')
  })

  it('NotAction allows everything but the listed actions', () => {
    const statements = [allow('p', { actions: undefined, notActions: ['iam:Delete*'] })]
    expect(evaluate(statements, req('iam:GetUser')).decision).toBe('allow')
    expect(evaluate(statements, req('instance:DeleteServer')).decision).toBe('allow')
    expect(evaluate(statements, req('iam:DeleteUser')).decision).toBe('deny')
  })

  it('NotAction with deny denies everything but the listed actions', () => {
    const statements = [allow('all'), deny('guard', { actions: undefined, notActions: ['iam:Get*', 'iam:List*'] })]
    expect(evaluate(statements, req('iam:GetUser')).decision).toBe('allow')
    expect(evaluate(statements, req('iam:UpdateUser')).reason).toBe('explicit_deny')
  })

  it('NotResource matches every resource but the listed ones', () => {
    const statements = [allow('p', { resources: undefined, notResources: [`org/${ORG}/iam/*`] })]
    expect(evaluate(statements, req('instance:GetServer', SERVER)).decision).toBe('allow')
    expect(evaluate(statements, req('iam:GetUser', USER)).decision).toBe('deny')
  })

  it('resource-based statements apply only to the principals they name', () => {
    const alice = `org/${ORG}/region/-/iam/user/alice`
    const statements = [allow('rbp', { actions: ['sts:AssumeRole'], resources: [`org/${ORG}/region/-/iam/role/r1`], principals: [alice] })]
    const assume = (principal?: string) => req('sts:AssumeRole', `org/${ORG}/region/-/iam/role/r1`, principal ? { principal } : {})
    expect(evaluate(statements, assume(alice)).decision).toBe('allow')
    expect(evaluate(statements, assume(`org/${ORG}/region/-/iam/user/bob`)).decision).toBe('deny')
    expect(evaluate(statements, assume()).decision).toBe('deny')
    expect(evaluate([allow('any', { principals: ['*'] })], assume('anyone')).decision).toBe('allow')
  })

  it('statements without actions or resources match nothing', () => {
    expect(evaluate([allow('p', { actions: undefined })], req('iam:GetUser')).decision).toBe('deny')
    expect(evaluate([allow('p', { resources: [] })], req('iam:GetUser')).decision).toBe('deny')
  })

  it('explains which context keys were missing', () => {
    const statements = [
      allow('mfa', { condition: { kind: 'operators', block: { Bool: { 'x:MultiFactorAuthPresent': true }, IpAddress: { 'Request:Ip': '10.0.0.0/8' } } } }),
      allow('other-action', { actions: ['instance:*'], condition: { kind: 'operators', block: { StringEquals: { 'x:unrelated': 'v' } } } }),
    ]
    expect(evaluate(statements, req('iam:GetUser', USER, { context: { 'request:ip': '10.1.2.3' } }))).toEqual({
      decision: 'deny', reason: 'implicit_deny', matched: [], missingContextKeys: ['x:MultiFactorAuthPresent'], errors: [],
    })
    expect(evaluate(statements, req('iam:GetUser', USER, { context: { 'X:MULTIFACTORAUTHPRESENT': 'true', 'request:ip': '10.1.2.3' } })).decision).toBe('allow')
  })

  it('evaluates CEL conditions against the request context', () => {
    const statements = [allow('scw', { condition: { kind: 'cel', expression: 'request.user_agent.contains("terraform/")' } })]
    expect(evaluate(statements, req('iam:GetUser', USER, { context: { [CONTEXT_KEYS.userAgent]: 'terraform/1.7' } })).decision).toBe('allow')
    expect(evaluate(statements, req('iam:GetUser', USER, { context: { [CONTEXT_KEYS.userAgent]: 'curl/8' } })).decision).toBe('deny')
    const missing = evaluate(statements, req('iam:GetUser', USER))
    expect(missing).toMatchObject({ decision: 'deny', reason: 'implicit_deny', missingContextKeys: [CONTEXT_KEYS.userAgent] })
    expect(missing.errors).toHaveLength(1)
  })

  it('never grants on an error: an erroring allow does not apply, an erroring deny does', () => {
    const broken = { kind: 'cel', expression: 'inIpRange(request.ip, "10.0.0.0/8")' } as const
    const context = { [CONTEXT_KEYS.ip]: 'not-an-ip' }
    const allowed = evaluate([allow('a', { condition: broken })], req('iam:GetUser', USER, { context }))
    expect(allowed).toMatchObject({ decision: 'deny', reason: 'implicit_deny' })
    expect(allowed.errors).toEqual([{ source: source('a'), message: 'inIpRange: "not-an-ip" is not an IP address' }])
    const denied = evaluate([allow('a'), deny('d', { condition: broken })], req('iam:GetUser', USER, { context }))
    expect(denied).toMatchObject({ decision: 'deny', reason: 'explicit_deny', matched: [{ effect: 'deny', source: source('d') }] })
  })

  it('never throws on statements that would not pass validation', () => {
    const statements = [
      allow('bad-block', { condition: { kind: 'operators', block: { Bogus: { k: 'v' } } } }),
      allow('bad-cel', { condition: { kind: 'cel', expression: 'request.nope ==' } }),
    ]
    const explanation = evaluate(statements, req('iam:GetUser'))
    expect(explanation.decision).toBe('deny')
    expect(explanation.errors.map((e) => e.source.policyId)).toEqual(['bad-block', 'bad-cel'])
  })

  it('compiles a statements array once and accepts several compiled sets', () => {
    const direct = [allow('direct', { actions: ['iam:Get*'] })]
    const group = [deny('group', { actions: ['iam:GetUser'] })]
    expect(compileStatements(direct)).toBe(compileStatements(direct))
    const sets = [compileStatements(direct), compileStatements(group)]
    expect(evaluate(sets, req('iam:GetUser')).matched).toEqual([{ effect: 'deny', source: source('group') }])
    expect(evaluate(sets, req('iam:GetGroup')).decision).toBe('allow')
    expect(evaluate(compileStatements(direct), req('iam:GetGroup')).decision).toBe('allow')
  })

  it('indexes by service without losing wildcard-service statements', () => {
    const statements = [
      allow('iam', { actions: ['iam:GetUser', 'instance:GetServer'] }),
      allow('wild', { actions: ['i*:List*'] }),
      allow('all-but', { actions: undefined, notActions: ['iam:*'] }),
    ]
    const ids = (action: string) => evaluate(statements, req(action)).matched.map((m) => m.source.policyId)
    expect(ids('iam:GetUser')).toEqual(['iam'])
    expect(ids('instance:GetServer')).toEqual(['iam', 'all-but'])
    expect(ids('iam:ListUsers')).toEqual(['wild'])
    expect(ids('instance:ListServers')).toEqual(['wild', 'all-but'])
    expect(ids('billing:GetInvoice')).toEqual(['all-but'])
    expect(ids('nocolon')).toEqual(['all-but'])
  })
})
