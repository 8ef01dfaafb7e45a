import { describe, expect, it } from 'vitest'
import { evaluate } from '../../authz/evaluate.js'
import { planCreateGroup, planMemberGroups } from '../group/decide.js'
import { fold } from '../../core/decider.js'
import { groupDecider } from '../group/evolve.js'
import type { GroupEvent } from '../group/events.js'
import { renderAcl } from './acl.js'
import { compileGroup, configuredRoleStatements, platformAdministratorStatements } from './compile.js'
import { parseSystemAccountRoles, RBAC_CONFIG } from './config.js'

const O = '0123456789abcdef0123456789abcdef'
const G = 'fedcba9876543210fedcba9876543210'
const P = '11111111111111111111111111111111'
const Q = '22222222222222222222222222222222'
const reader = RBAC_CONFIG.byName.get('reader')!

describe('nscale RBAC', () => {
  it('loads the configured roles with upstream ids', () => {
    expect(RBAC_CONFIG.byName.get('administrator')?.id).toBe('f194d1706ed1440885e02d672777019f')
    expect(RBAC_CONFIG.roles.filter((role) => role.protected).map((role) => role.name).sort())
      .toEqual(['application-manager-service', 'infra-manager-service', 'platform-administrator'])
  })

  it('compiles a reader group bound to P: reads P, not Q, writes nothing', () => {
    const statements = compileGroup({ organizationId: O, groupId: G, version: 3, roleIds: [reader.id], projectIds: [P] }, RBAC_CONFIG)
    const allowed = (action: string, resource: string) => evaluate(statements, { action, resource }).decision === 'allow'
    expect(allowed('identity:projects:read', `org/${O}/project/${P}`)).toBe(true)
    expect(allowed('identity:projects:update', `org/${O}/project/${P}`)).toBe(false)
    expect(allowed('identity:projects:read', `org/${O}/project/${Q}`)).toBe(false)
    expect(allowed('identity:quotas:read', `org/${O}`)).toBe(true)
    expect(allowed('identity:quotas:read', 'org/ffffffffffffffffffffffffffffffff')).toBe(false)
    const acl = renderAcl(statements, O)
    expect(acl.global).toBeUndefined()
    expect(acl.projects?.map((project) => project.id)).toEqual([P])
    expect(acl.organization?.endpoints.every((endpoint) => endpoint.operations.join() === 'read')).toBe(true)
    expect(renderAcl(statements)).toEqual({})
  })

  it('gives platform administrators global scopes only', () => {
    const acl = renderAcl(platformAdministratorStatements(RBAC_CONFIG), O)
    expect(acl.organization).toBeUndefined()
    expect(acl.global).toContainEqual({ name: 'identity:organizations', operations: ['create', 'delete', 'read', 'update'] })
  })

  it('reconciles a member into and out of groups', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const created = planCreateGroup({ deleted: false }, { id: G, organizationId: O, metadata: { name: 'g' }, spec: { roleIds: [], userIds: [], serviceAccountIds: [] }, now, by: 't' })
    if ('kind' in created) throw new Error('refused')
    const state = fold(groupDecider, created.appends[0]!.events as GroupEvent[])
    const joined = planMemberGroups(new Map([[G, state]]), { kind: 'user', id: P }, [G], { now, by: 't' })
    if ('kind' in joined) throw new Error('refused')
    expect(joined.appends[0]!.events[0]!.type).toBe('NscaleGroupMembersAdded')
    expect(planMemberGroups(new Map(), { kind: 'user', id: P }, [G], { now, by: 't' })).toMatchObject({ kind: 'invalid_argument' })
  })
})

describe('platform services (IAM_NSCALE_SYSTEM_ACCOUNT_ROLES)', () => {
  it('gives a client the global scopes of its roles, by name or id, and reports what it cannot read', () => {
    const manager = RBAC_CONFIG.byName.get('infra-manager-service')!
    const { roles, problems } = parseSystemAccountRoles(`kubernetes=infra-manager-service, compute=${manager.id}+reader, bad, x=nobody`, RBAC_CONFIG)
    expect([...roles.keys()]).toEqual(['kubernetes', 'compute'])
    expect(roles.get('compute')!.map((role) => role.name)).toEqual(['infra-manager-service', 'reader'])
    expect(problems).toHaveLength(2)
    const acl = renderAcl(configuredRoleStatements(roles.get('kubernetes')!, 'system-account/kubernetes'), undefined)
    expect(acl.global?.length).toBeGreaterThan(0)
    expect(acl.organization).toBeUndefined()
  })
})
