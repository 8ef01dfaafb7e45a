// The check on DynamoDB Local: decisions through direct and group policies, the owner, locked and deleted
// principals, one DynamoDB request warm and two cold, consistency tokens (revocation, stale), explanations.
import { beforeAll, describe, expect, it } from 'vitest'
import { organizationResource, projectResource } from '../../domain/authz/resource.js'
import { CONTEXT_KEYS } from '../../domain/authz/context.js'
import { DomainFailure } from '../../domain/core/errors.js'
import { createChecker, createCompiledCache, type CheckPrincipal } from '../../functions/authz/index.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { effectiveGrants } from '../../projections/effectiveGrants/index.js'
import { countRequests } from '../../bench/harness.js'
import { freshTables } from '../support/tables.js'
import { GrantsScenario, newId, rule } from './grants.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

describe('check', () => {
  let dynamo: Dyn
  let projector: Projector
  let scenario: GrantsScenario
  const [owner, reader, admin, locked, gone] = [newId(), newId(), newId(), newId(), newId()]
  const [readers, admins, project] = [newId(), newId(), newId()]
  const [readPolicy, adminPolicy, projectPolicy, conditional] = [newId(), newId(), newId(), newId()]
  const as = (id: string): CheckPrincipal => ({ organizationId: scenario.org, kind: 'user', id })
  let org: string

  async function project_(): Promise<void> {
    await projector.handle(scenario.take())
  }

  beforeAll(async () => {
    dynamo = await freshTables('check')
    projector = createProjector({ dynamo, projections: [effectiveGrants] })
    scenario = new GrantsScenario(dynamo)
    org = scenario.org
    await scenario.organization(owner)
    for (const id of [owner, reader, admin, locked, gone]) await scenario.principal(id)
    await scenario.group(readers, { users: [reader, admin, locked, gone] })
    await scenario.group(admins, { users: [admin] })
    await scenario.policy(readPolicy, { kind: 'group', id: readers }, [rule(org, ['IAMReadOnly'])])
    await scenario.policy(adminPolicy, { kind: 'group', id: admins }, [rule(org, ['IAMManager'])])
    await scenario.policy(projectPolicy, { kind: 'user', id: reader }, [rule(org, ['InstancesFullAccess'], { projectIds: [project] })])
    await scenario.policy(conditional, { kind: 'user', id: admin }, [rule(org, ['BillingManager'], { condition: 'inIpRange(request.ip, "10.0.0.0/8")' })])
    await scenario.lock(locked)
    await scenario.deletePrincipal(gone)
    await project_()
  })

  it('allows what direct and group policies grant, in their scopes, and nothing else', async () => {
    const checker = createChecker({ dynamo, projector })
    const check = (id: string, action: string, resource = organizationResource(org)) => checker.check({ principal: as(id), action, resource })
    expect(await check(reader, 'iam:users:read')).toMatchObject({ decision: 'allow', reason: 'allowed' })
    expect(await check(reader, 'iam:users:delete')).toMatchObject({ decision: 'deny', reason: 'implicit_deny', matched: [] })
    expect(await check(admin, 'iam:users:delete')).toMatchObject({
      decision: 'allow',
      matched: [{ effect: 'allow', source: { surface: 'scaleway', policyId: adminPolicy, policyVersion: 1 } }],
    })
    expect(await check(reader, 'instance:servers:create', `${projectResource(org, project)}/instance/servers/s1`)).toMatchObject({ decision: 'allow' })
    expect(await check(reader, 'instance:servers:create', projectResource(org, newId()))).toMatchObject({ decision: 'deny' })
    expect(await check(reader, 'iam:users:read', organizationResource(newId()))).toMatchObject({ decision: 'deny' })
  })

  it('allows the owner anything inside its organization only', async () => {
    const checker = createChecker({ dynamo, projector })
    expect(await checker.check({ principal: as(owner), action: 'billing:invoices:delete', resource: projectResource(org, project) })).toMatchObject({ decision: 'allow', reason: 'owner' })
    expect(await checker.check({ principal: as(owner), action: 'iam:users:read', resource: organizationResource(newId()) })).toMatchObject({ decision: 'deny' })
  })

  it('denies locked, deleted, unknown and mistyped principals whatever they hold', async () => {
    const checker = createChecker({ dynamo, projector })
    const read = { action: 'iam:users:read', resource: organizationResource(org) }
    expect(await checker.check({ principal: as(locked), ...read })).toMatchObject({ decision: 'deny', reason: 'locked' })
    expect(await checker.check({ principal: as(gone), ...read })).toMatchObject({ decision: 'deny', reason: 'deleted' })
    expect(await checker.check({ principal: as(newId()), ...read })).toMatchObject({ decision: 'deny', reason: 'unknown_principal' })
    expect(await checker.check({ principal: { ...as(reader), kind: 'application' }, ...read })).toMatchObject({ decision: 'deny', reason: 'unknown_principal' })
    expect(await checker.check({ principal: { ...as(reader), organizationId: newId() }, ...read })).toMatchObject({ decision: 'deny', reason: 'unknown_principal' })
  })

  it('evaluates conditions against the context and names the keys missing', async () => {
    const checker = createChecker({ dynamo, projector })
    const billing = { principal: as(admin), action: 'billing:invoices:read', resource: organizationResource(org) }
    expect(await checker.check({ ...billing, context: { [CONTEXT_KEYS.ip]: '10.1.2.3' } })).toMatchObject({ decision: 'allow' })
    expect(await checker.check({ ...billing, context: { [CONTEXT_KEYS.ip]: '192.0.2.1' } })).toMatchObject({ decision: 'deny' })
    expect(await checker.check(billing)).toMatchObject({ decision: 'deny', missingContextKeys: [CONTEXT_KEYS.ip] })
  })

  it('explains a decision with the policies held and the deciding statements', async () => {
    const checker = createChecker({ dynamo, projector })
    const explanation = await checker.explain({ principal: as(admin), action: 'iam:groups:write', resource: organizationResource(org) })
    expect(explanation).toMatchObject({ decision: 'allow', principalStatus: 'active', owner: false })
    expect(explanation.policies.map((policy) => policy.path).sort()).toEqual([`direct/${conditional}`, `group/${admins}/${adminPolicy}`, `group/${readers}/${readPolicy}`].sort())
    expect(explanation.statements).toHaveLength(1)
    expect(explanation.statements[0]).toMatchObject({ effect: 'allow', source: { policyId: adminPolicy }, resources: [organizationResource(org), `${organizationResource(org)}/*`] })
  })

  it('costs one DynamoDB request warm and two cold, however many groups and policies', async () => {
    const many = newId()
    await scenario.principal(many)
    for (let i = 0; i < 10; i++) {
      const group = newId()
      await scenario.group(group, { users: [many] })
      await scenario.policy(newId(), { kind: 'group', id: group }, [rule(org, ['IAMReadOnly']), rule(org, ['InstancesFullAccess'], { projectIds: [newId()] })])
    }
    await project_()
    const counter = countRequests(dynamo.client)
    const checker = createChecker({ dynamo, projector, cache: createCompiledCache() })
    const request = { principal: as(many), action: 'iam:users:read', resource: organizationResource(org) }
    counter.reset()
    expect(await checker.check(request)).toMatchObject({ decision: 'allow' })
    expect(counter.count()).toBe(2)
    counter.reset()
    expect(await checker.checkMany({ principal: as(many), checks: [request, { ...request, action: 'iam:users:delete' }] })).toMatchObject([{ decision: 'allow' }, { decision: 'deny' }])
    expect(counter.count()).toBe(1)
  })

  it('refuses more than 99 distinct resources in one batch', async () => {
    const checker = createChecker({ dynamo, projector })
    const checks = Array.from({ length: 100 }, (_, i) => ({ action: 'iam:users:read', resource: projectResource(org, i.toString(16).padStart(32, '0')) }))
    await expect(checker.checkMany({ principal: as(reader), checks: checks.slice(0, 99) })).resolves.toHaveLength(99)
    await expect(checker.checkMany({ principal: as(reader), checks })).rejects.toBeInstanceOf(DomainFailure)
  })

  it('denies at once after a removal from a group when given the removal\'s consistency token', async () => {
    const [member, group, policy] = [newId(), newId(), newId()]
    await scenario.principal(member)
    await scenario.group(group, { users: [member] })
    await scenario.policy(policy, { kind: 'group', id: group }, [rule(org, ['IAMReadOnly'])])
    await project_()
    const checker = createChecker({ dynamo, projector, waitMs: 30_000 })
    const request = { principal: as(member), action: 'iam:users:read', resource: organizationResource(org) }
    expect(await checker.check(request)).toMatchObject({ decision: 'allow' })

    const token = await scenario.removeMembers(group, { users: [member] })
    const checking = checker.check({ ...request, consistency: token })
    await project_()
    expect(await checking).toMatchObject({ decision: 'deny', reason: 'implicit_deny' })
  })

  it('denies with reason stale when the grants do not catch up in time', async () => {
    const [member, group] = [newId(), newId()]
    await scenario.principal(member)
    const token = await scenario.group(group, { users: [member] })
    const checker = createChecker({ dynamo, projector, waitMs: 50 })
    const request = { principal: as(member), action: 'iam:users:read', resource: organizationResource(org) }
    expect(await checker.check({ ...request, consistency: token })).toEqual({ decision: 'deny', reason: 'stale', matched: [], missingContextKeys: [] })
    expect(await checker.check({ ...request, consistency: 'not-a-token' })).toMatchObject({ reason: 'implicit_deny' })
    await project_()
    expect(await checker.check({ ...request, consistency: token })).toMatchObject({ reason: 'implicit_deny' })
  })
})
