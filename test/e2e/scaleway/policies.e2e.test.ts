// Policies, rules and permission sets end to end through the official SDK (raw HTTP for what it hides): exactly
// one principal, rules validated by the compiler with errors naming the rule, computed counts, SetRules order,
// ClonePolicy, principals detached on deletion, every ListPolicies filter and order, ListRules and
// ListPermissionSets paging, quotas, and 4xx appending nothing.
import { Errors } from '@scaleway/sdk-client'
import type { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, uniqueName, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { readYourWrites } from './readYourWrites.js'

let h: ScalewayHarness
let iam: Iamv1alpha1.API
let org: string
let other: TestOrganization

const P1 = '0190f2a5-c3e8-7d1a-9b2c-3d4e5f600001'
const P2 = '0190f2a5-c3e8-7d1a-9b2c-3d4e5f600002'

beforeAll(async () => {
  h = await startScalewayHarness({ env: { IAM_CONSISTENCY_WAIT_MS: '10000' } })
  iam = readYourWrites(h.baseUrl, h.org).iam
  org = h.org.organizationId
  other = await h.createOrganization('other')
}, 60_000)
afterAll(async () => h?.close())

const raw = (path: string, init: { method?: string; body?: unknown } = {}) => h.fetch(`/iam/v1alpha1${path}`, { secretKey: h.org.secretKey, ...init })

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

const readOnlyRules = (): Iamv1alpha1.RuleSpecs[] => [
  { permissionSetNames: ['IAMReadOnly', 'OrganizationReadOnly'], organizationId: org, condition: '' },
  { permissionSetNames: ['InstancesReadOnly', 'InstancesFullAccess'], projectIds: [P1, P2], condition: 'request.user_agent.contains("terraform/")' },
]

describe('policies', () => {
  it('creates a policy with rules and computes its counts', async () => {
    const group = await iam.createGroup({ name: uniqueName('readers'), description: '' })
    const name = uniqueName('read')
    const policy = await iam.createPolicy({ name, description: 'read all', tags: ['ro'], groupId: group.id, rules: readOnlyRules() })
    expect(policy).toMatchObject({
      name, description: 'read all', tags: ['ro'], organizationId: org, groupId: group.id, editable: true, deletable: true, managed: false,
      nbRules: 2, nbScopes: 3, nbPermissionSets: 4,
    })
    expect(policy.userId).toBeFalsy()
    expect(policy.applicationId).toBeFalsy()
    expect(policy.noPrincipal).toBeFalsy()
    expect(await iam.getPolicy({ policyId: policy.id })).toEqual(policy)

    const rules = await iam.listRules({ policyId: policy.id }).all()
    expect(rules).toEqual([
      expect.objectContaining({ permissionSetNames: ['IAMReadOnly', 'OrganizationReadOnly'], permissionSetsScopeType: 'organization', organizationId: org, condition: '' }),
      expect.objectContaining({ permissionSetNames: ['InstancesReadOnly', 'InstancesFullAccess'], permissionSetsScopeType: 'projects', projectIds: [P1, P2], condition: 'request.user_agent.contains("terraform/")' }),
    ])
    expect(rules[0]!.projectIds).toBeFalsy()
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(2)

    // An account_root_user set takes no scope and is scoped to the owner.
    const contacts = await iam.createPolicy({ description: '', name: uniqueName('contacts'), noPrincipal: true, rules: [{ permissionSetNames: ['AccountContactsReadOnly'], condition: '' }] })
    const [contactRule] = (await iam.listRules({ policyId: contacts.id })).rules
    expect(contactRule).toMatchObject({ permissionSetsScopeType: 'account_root_user', accountRootUserId: h.org.ownerUserId })
    expect(contacts).toMatchObject({ noPrincipal: true, nbRules: 1, nbScopes: 1, nbPermissionSets: 1 })
  })

  it('takes exactly one principal of the organization', async () => {
    const user = await iam.createUser({ email: `${uniqueName('p')}@example.com` })
    const app = await iam.createApplication({ name: uniqueName('p'), description: '' })
    expect(await iam.createPolicy({ description: '', name: uniqueName('u'), userId: user.id })).toMatchObject({ userId: user.id })
    expect(await iam.createPolicy({ description: '', name: uniqueName('a'), applicationId: app.id })).toMatchObject({ applicationId: app.id })

    const none = await raw('/policies', { method: 'POST', body: { name: uniqueName('none') } })
    expect(none.status).toBe(400)
    expect(await none.json()).toMatchObject({ type: 'invalid_arguments', details: [expect.objectContaining({ argument_name: 'principal' })] })
    const two = await raw('/policies', { method: 'POST', body: { name: uniqueName('two'), user_id: user.id, application_id: app.id } })
    expect(two.status).toBe(400)

    const foreignGroup = await other.iam.createGroup({ name: uniqueName('theirs'), description: '' })
    const foreign = await rejection(iam.createPolicy({ description: '', name: uniqueName('f'), groupId: foreignGroup.id }))
    expect(foreign).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((foreign as Errors.ResourceNotFoundError).resourceId).toBe(foreignGroup.id)
  })

  it('refuses invalid rules with 400 naming the rule, and appends nothing', async () => {
    const before = await h.eventCount(org)
    const create = async (rules: unknown[]) => {
      const response = await raw('/policies', { method: 'POST', body: { name: uniqueName('bad'), no_principal: true, rules } })
      return { status: response.status, body: (await response.json()) as { type: string; details: Array<{ argument_name: string; help_message: string }> } }
    }
    const unknownSet = await create([{ permission_set_names: ['IAMReadOnly'], organization_id: org }, { permission_set_names: ['NoSuchSet'], organization_id: org }])
    expect(unknownSet.status).toBe(400)
    expect(unknownSet.body.details[0]).toMatchObject({ argument_name: 'rules[1].permission_set_names', help_message: expect.stringContaining('NoSuchSet') })

    const mixed = await create([{ permission_set_names: ['IAMReadOnly', 'InstancesReadOnly'], organization_id: org }])
    expect(mixed.status).toBe(400)
    expect(mixed.body.details[0]).toMatchObject({ argument_name: 'rules[0].permission_set_names', help_message: expect.stringContaining('scope') })

    const badCel = await create([{ permission_set_names: ['IAMReadOnly'], organization_id: org, condition: 'request.ip ==' }])
    expect(badCel.status).toBe(400)
    expect(badCel.body.details[0]).toMatchObject({ argument_name: 'rules[0].condition' })

    const orgSetOnProjects = await create([{ permission_set_names: ['IAMReadOnly'], project_ids: [P1] }])
    expect(orgSetOnProjects.body.details[0]).toMatchObject({ argument_name: 'rules[0].project_ids' })
    const foreignScope = await create([{ permission_set_names: ['IAMReadOnly'], organization_id: other.organizationId }])
    expect(foreignScope.body.details[0]).toMatchObject({ argument_name: 'rules[0].organization_id' })
    expect((await create([{ permission_set_names: ['IAMReadOnly'] }])).status).toBe(400)
    expect((await create([{ permission_set_names: [], organization_id: org }])).status).toBe(400)
    expect((await create([{ permission_set_names: ['IAMReadOnly'], organization_id: org, project_ids: [P1] }])).status).toBe(400)
    expect((await create([{ permission_set_names: 'IAMReadOnly', organization_id: org }])).status).toBe(400)

    const policy = await iam.createPolicy({ description: '', name: uniqueName('target'), noPrincipal: true })
    const afterCreate = await h.eventCount(org)
    const setRules = await raw('/rules', { method: 'PUT', body: { policy_id: policy.id, rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org }, { permission_set_names: ['Nope'], organization_id: org }] } })
    expect(setRules.status).toBe(400)
    expect(await setRules.json()).toMatchObject({ details: [expect.objectContaining({ argument_name: 'rules[1].permission_set_names' })] })
    expect(afterCreate).toBe(before + 1)
    expect(await h.eventCount(org)).toBe(afterCreate)
  })

  it('replaces rules wholesale and in order with SetRules, and pages ListRules', async () => {
    const policy = await iam.createPolicy({ description: '', name: uniqueName('rules'), noPrincipal: true, rules: readOnlyRules() })
    const before = await iam.listRules({ policyId: policy.id }).all()
    const reordered = [readOnlyRules()[1]!, readOnlyRules()[0]!, { permissionSetNames: ['BillingReadOnly'], organizationId: org, condition: '' }]
    const { rules } = await iam.setRules({ policyId: policy.id, rules: reordered })
    expect(rules.map((rule) => rule.permissionSetNames)).toEqual([['InstancesReadOnly', 'InstancesFullAccess'], ['IAMReadOnly', 'OrganizationReadOnly'], ['BillingReadOnly']])
    expect(rules.map((rule) => rule.id).filter((id) => before.some((old) => old.id === id))).toEqual([])
    expect(await iam.listRules({ policyId: policy.id, pageSize: 1 }).all()).toEqual(rules)
    const firstPage = await iam.listRules({ policyId: policy.id, pageSize: 2 })
    expect(firstPage.totalCount).toBe(3)
    expect((await iam.listRules({ policyId: policy.id, pageSize: 2, page: 3 })).rules).toEqual([])
    expect(await iam.getPolicy({ policyId: policy.id })).toMatchObject({ nbRules: 3, nbPermissionSets: 5 })

    expect((await iam.setRules({ policyId: policy.id, rules: [] })).rules).toEqual([])
    expect(await iam.getPolicy({ policyId: policy.id })).toMatchObject({ nbRules: 0, nbScopes: 0, nbPermissionSets: 0 })
    const unknown = '0190f2a5-c3e8-7d1a-9b2c-3d4e5f607199'
    expect(await rejection(iam.listRules({ policyId: unknown }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await rejection(iam.setRules({ policyId: unknown, rules: [] }))).toBeInstanceOf(Errors.ResourceNotFoundError)
  })

  it('updates, clones and deletes a policy', async () => {
    const user = await iam.createUser({ email: `${uniqueName('u')}@example.com` })
    const group = await iam.createGroup({ name: uniqueName('g'), description: '' })
    const policy = await iam.createPolicy({ name: uniqueName('life'), description: 'd', tags: ['t'], userId: user.id, rules: readOnlyRules() })

    const moved = await iam.updatePolicy({ policyId: policy.id, name: `${policy.name}-x`, groupId: group.id })
    expect(moved).toMatchObject({ name: `${policy.name}-x`, groupId: group.id, description: 'd', tags: ['t'] })
    expect(moved.userId).toBeFalsy()
    expect(await iam.updatePolicy({ policyId: policy.id, noPrincipal: true })).toMatchObject({ noPrincipal: true })
    expect(await iam.updatePolicy({ policyId: policy.id, userId: user.id })).toMatchObject({ userId: user.id })

    const clone = await iam.clonePolicy({ policyId: policy.id })
    expect(clone).toMatchObject({ name: `${policy.name}-x-copy`, description: 'd', tags: ['t'], noPrincipal: true, nbRules: 2, editable: true, managed: false })
    expect(clone.id).not.toBe(policy.id)
    const [original, copied] = await Promise.all([iam.listRules({ policyId: policy.id }).all(), iam.listRules({ policyId: clone.id }).all()])
    expect(copied.map(({ id: _id, ...rule }) => rule)).toEqual(original.map(({ id: _id, ...rule }) => rule))
    expect(copied.some((rule) => original.some((o) => o.id === rule.id))).toBe(false)

    await iam.deletePolicy({ policyId: policy.id })
    expect(await rejection(iam.getPolicy({ policyId: policy.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await rejection(iam.clonePolicy({ policyId: policy.id }))).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(await iam.getPolicy({ policyId: clone.id })).toMatchObject({ id: clone.id })
  })

  it('detaches the policies of a deleted principal', async () => {
    const group = await iam.createGroup({ name: uniqueName('doomed'), description: '' })
    const app = await iam.createApplication({ name: uniqueName('doomed'), description: '' })
    const onGroup = await iam.createPolicy({ description: '', name: uniqueName('on-group'), groupId: group.id })
    const onApp = await iam.createPolicy({ description: '', name: uniqueName('on-app'), applicationId: app.id })
    await iam.deleteGroup({ groupId: group.id })
    await iam.deleteApplication({ applicationId: app.id })
    for (const id of [onGroup.id, onApp.id]) {
      const policy = await iam.getPolicy({ policyId: id })
      expect(policy).toMatchObject({ noPrincipal: true })
      expect(policy.groupId ?? policy.applicationId ?? null).toBeNull()
    }
  })

  it('lists with every filter and order', async () => {
    const tag = uniqueName('pl')
    const user = await iam.createUser({ email: `${uniqueName('l')}@example.com` })
    const group = await iam.createGroup({ name: uniqueName('l'), description: '' })
    const app = await iam.createApplication({ name: uniqueName('l'), description: '' })
    const make = (name: string, principal: Partial<Iamv1alpha1.CreatePolicyRequest>) =>
      iam.createPolicy({ description: '', name: `${tag}-${name}`, tags: [tag, `${tag}-${name}`], ...principal })
    const toUser = await make('charlie', { userId: user.id })
    const toGroup = await make('Alpha', { groupId: group.id })
    const toApp = await make('bravo', { applicationId: app.id })
    const toNone = await make('delta', { noPrincipal: true })
    const all = [toUser, toGroup, toApp, toNone]
    const names = (list: Iamv1alpha1.Policy[]) => list.map((policy) => policy.name.slice(tag.length + 1))
    const ids = (list: Iamv1alpha1.Policy[]) => list.map((policy) => policy.id).sort()

    expect(names(await iam.listPolicies({ tag }).all())).toEqual(['Alpha', 'bravo', 'charlie', 'delta'])
    expect(names(await iam.listPolicies({ tag, orderBy: 'policy_name_desc' }).all())).toEqual(['delta', 'charlie', 'bravo', 'Alpha'])
    expect(names(await iam.listPolicies({ tag, orderBy: 'created_at_asc' }).all())).toEqual(['charlie', 'Alpha', 'bravo', 'delta'])
    expect(names(await iam.listPolicies({ tag, orderBy: 'created_at_desc' }).all())).toEqual(['delta', 'bravo', 'Alpha', 'charlie'])
    expect(names(await iam.listPolicies({ tag, pageSize: 1 }).all())).toEqual(['Alpha', 'bravo', 'charlie', 'delta'])

    expect(ids((await iam.listPolicies({ userIds: [user.id] })).policies)).toEqual([toUser.id])
    expect(ids((await iam.listPolicies({ groupIds: [group.id] })).policies)).toEqual([toGroup.id])
    expect(ids((await iam.listPolicies({ applicationIds: [app.id] })).policies)).toEqual([toApp.id])
    expect(ids((await iam.listPolicies({ userIds: [user.id], applicationIds: [app.id] })).policies)).toEqual([toUser.id, toApp.id].sort())
    expect(ids((await iam.listPolicies({ tag, noPrincipal: true })).policies)).toEqual([toNone.id])
    expect(ids((await iam.listPolicies({ tag, noPrincipal: false })).policies)).toEqual([toUser.id, toGroup.id, toApp.id].sort())
    expect(ids((await iam.listPolicies({ policyName: `${tag}-CHAR` })).policies)).toEqual([toUser.id])
    expect(ids((await iam.listPolicies({ policyIds: [toApp.id, toNone.id] })).policies)).toEqual([toApp.id, toNone.id].sort())
    expect(ids((await iam.listPolicies({ tag: `${tag}-del` })).policies)).toEqual([toNone.id])
    expect(ids(await iam.listPolicies({ tag, editable: true }).all())).toEqual(ids(all))
    expect((await iam.listPolicies({ tag, editable: false })).policies).toEqual([])
    // Python sends booleans capitalized.
    const python = await raw(`/policies?tag=${tag}&no_principal=True`)
    expect(((await python.json()) as { total_count: number }).total_count).toBe(1)
    expect((await raw(`/policies?organization_id=${other.organizationId}`)).status).toBe(403)
  })

  it('enforces the rules_per_policy and policies quotas', async () => {
    const many = Array.from({ length: 51 }, () => ({ permissionSetNames: ['IAMReadOnly'], organizationId: org, condition: '' }))
    const tooManyRules = await rejection(iam.createPolicy({ description: '', name: uniqueName('big'), noPrincipal: true, rules: many }))
    expect(tooManyRules).toBeInstanceOf(Errors.QuotasExceededError)
    expect((tooManyRules as Errors.QuotasExceededError).list).toEqual([expect.objectContaining({ resource: 'rules_per_policy', quota: 50 })])

    const tenant = await h.createOrganization('crowded')
    const created: Iamv1alpha1.Policy[] = []
    for (let batch = 0; batch < 5; batch++) {
      created.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => tenant.iam.createPolicy({ description: '', name: `p-${batch}-${i}`, noPrincipal: true })))))
    }
    const refused = await rejection(tenant.iam.clonePolicy({ policyId: created[0]!.id }))
    expect(refused).toBeInstanceOf(Errors.QuotasExceededError)
    expect((refused as Errors.QuotasExceededError).list).toEqual([expect.objectContaining({ resource: 'policies', quota: 50 })])
    await tenant.iam.deletePolicy({ policyId: created[1]!.id })
    expect((await tenant.iam.clonePolicy({ policyId: created[0]!.id })).name).toBe('p-0-0-copy')
  })
})

describe('permission sets', () => {
  it('lists the catalogue in every order and pages with .all()', async () => {
    const all = await iam.listPermissionSets({ pageSize: 7 }).all()
    const first = await iam.listPermissionSets({})
    expect(first.totalCount).toBe(all.length)
    expect(all.map((set) => set.name)).toEqual([...all.map((set) => set.name)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
    expect(all.find((set) => set.name === 'IAMReadOnly')).toMatchObject({ scopeType: 'organization', categories: expect.any(Array) })
    expect(all.find((set) => set.name === 'InstancesReadOnly')).toMatchObject({ scopeType: 'projects' })
    const desc = await iam.listPermissionSets({ orderBy: 'name_desc' }).all()
    expect(desc.map((set) => set.id)).toEqual([...all].reverse().map((set) => set.id))
    const created = await iam.listPermissionSets({ orderBy: 'created_at_asc' }).all()
    expect((await iam.listPermissionSets({ orderBy: 'created_at_desc' }).all()).map((set) => set.id)).toEqual([...created].reverse().map((set) => set.id))
    expect((await raw(`/permission-sets?organization_id=${other.organizationId}`)).status).toBe(403)
  })
})
