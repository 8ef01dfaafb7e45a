import { describe, expect, it } from 'vitest'
import type { AuthorizeRequest } from '../api/scaleway/deps.js'
import { scalewayAuthorizer } from './authorize.js'
import type { CheckRequest, CheckResult } from './check.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607100'
const USER = '0190f2a5c3e87d1a9b2c3d4e5f607101'
const PROJECT = '0190f2a5c3e87d1a9b2c3d4e5f607102'

function request(operationId: string, scope: AuthorizeRequest['scope']): AuthorizeRequest {
  return {
    principal: { organizationId: ORG, kind: 'user', id: USER, method: 'api_key' },
    operationId: operationId as AuthorizeRequest['operationId'],
    scope,
    context: { 'request:ip': '192.0.2.1' },
    consistencyTokens: ['t'],
  }
}

function recording(answer: Partial<CheckResult>) {
  const asked: CheckRequest[] = []
  const checker = {
    async check(check: CheckRequest): Promise<CheckResult> {
      asked.push(check)
      return { decision: 'deny', reason: 'implicit_deny', matched: [], missingContextKeys: [], ...answer }
    },
  }
  return { asked, authorize: scalewayAuthorizer(checker) }
}

describe('the Scaleway surface on the check', () => {
  it('asks for the operation\'s permission at its project, with the request context and tokens', async () => {
    const { asked, authorize } = recording({ decision: 'allow', reason: 'allowed' })
    expect(await authorize(request('CreateSSHKey', { organizationId: ORG, projectId: PROJECT }))).toBeUndefined()
    expect(asked).toEqual([{
      principal: { organizationId: ORG, kind: 'user', id: USER },
      action: 'iam:ssh_keys:create',
      resource: `org/${ORG}/project/${PROJECT}`,
      context: { 'request:ip': '192.0.2.1' },
      consistency: ['t'],
    }])
  })

  it('answers Scaleway\'s permissions_denied naming the permission, and stale when tokens are not covered', async () => {
    expect(await recording({}).authorize(request('ListUsers', { organizationId: ORG }))).toEqual({ kind: 'permission_denied', resource: 'users', action: 'list' })
    expect(await recording({ reason: 'stale' }).authorize(request('ListUsers', { organizationId: ORG }))).toMatchObject({ kind: 'stale' })
  })

  it('denies another organization without asking', async () => {
    const { asked, authorize } = recording({ decision: 'allow', reason: 'allowed' })
    expect(await authorize(request('ListUsers', { organizationId: PROJECT }))).toMatchObject({ kind: 'permission_denied' })
    expect(asked).toEqual([])
  })
})
