import { describe, expect, it } from 'vitest'
import operationIds from '../../test/fixtures/scaleway-operation-ids.json'
import { organizationResource, projectResource } from '../authz/resource.js'
import { compileGlobs } from '../authz/glob.js'
import { permissionSetByName, permissionSetGrants, permissionSetsGranting } from './catalogue/catalogue.js'
import { isKnownPermission } from './catalogue/permissions.js'
import { compileScalewayPolicy } from './policy/compile.js'
import { AUTHZ_ROUTES, ROUTE_PERMISSIONS, routePermission, routeResource, SCALEWAY_ROUTES } from './routes.js'

const ORG = '0123456789abcdef0123456789abcdef'
const set = (name: string) => permissionSetByName(name)!
const isRead = (operationId: string) => /^(List|Get)[A-Z]/.test(operationId)

describe('Scaleway route map', () => {
  it('maps every operation of the seed to exactly one permission, and nothing else', () => {
    expect(operationIds).toHaveLength(71)
    for (const operationId of operationIds) {
      expect(SCALEWAY_ROUTES.filter((r) => r.operationId === operationId), operationId).toHaveLength(1)
    }
    expect(SCALEWAY_ROUTES.map((r) => r.operationId).sort()).toEqual([...operationIds].sort())
  })

  it('gives each method and path one operation', () => {
    const keys = ROUTE_PERMISSIONS.map((r) => `${r.method} ${r.path}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const r of SCALEWAY_ROUTES) expect(r.path).toMatch(/^\/iam\/v1alpha1\//)
  })

  it('names only concrete permissions the catalogue knows, as lowercase engine actions', () => {
    for (const r of ROUTE_PERMISSIONS) {
      expect(isKnownPermission(r.permission), r.operationId).toBe(true)
      expect(r.action).toBe(`${r.permission.service}:${r.permission.name}:${r.permission.action}`)
      expect(r.action).toBe(r.action.toLowerCase())
      expect(permissionSetsGranting(r.permission).length, r.operationId).toBeGreaterThan(0)
    }
  })

  it('is granted in full by IAMManager', () => {
    for (const r of ROUTE_PERMISSIONS) expect(permissionSetGrants(set('IAMManager'), r.permission), r.operationId).toBe(true)
  })

  it('is granted by IAMReadOnly for exactly the reads (List*, Get*)', () => {
    for (const r of SCALEWAY_ROUTES) {
      expect(permissionSetGrants(set('IAMReadOnly'), r.permission), r.operationId).toBe(isRead(r.operationId))
      expect(['list', 'read'].includes(r.permission.action), r.operationId).toBe(isRead(r.operationId))
    }
    for (const r of AUTHZ_ROUTES) expect(permissionSetGrants(set('IAMReadOnly'), r.permission)).toBe(false)
  })

  it('agrees with the engine: compiled IAMReadOnly allows the reads and nothing else, anywhere in the organization', () => {
    const result = compileScalewayPolicy(
      { id: 'p', version: 1, rules: [{ id: 'r', permissionSetNames: ['IAMReadOnly'], organizationId: ORG }] },
      { organizationId: ORG, ownerPrincipalId: '11111111111111111111111111111111' },
    )
    if (!result.ok) throw new Error('IAMReadOnly must compile')
    const [statement] = result.statements
    const actionMatches = compileGlobs(statement!.actions!)
    const resourceMatches = compileGlobs(statement!.resources!)
    for (const r of SCALEWAY_ROUTES) {
      const resource = routeResource(r, { organizationId: ORG, projectId: ORG })
      expect(actionMatches(r.action) && resourceMatches(resource), r.operationId).toBe(isRead(r.operationId))
    }
  })

  it('checks SSH keys at their project and everything else at the organization', () => {
    for (const r of SCALEWAY_ROUTES) expect(r.scope, r.operationId).toBe(r.path.includes('/ssh-keys') ? 'project' : 'organization')
  })
})

describe('authorization API routes', () => {
  it('need iam:authz:check, which CheckPermissions shares', () => {
    expect(AUTHZ_ROUTES.map((r) => [r.method, r.path, r.action])).toEqual([
      ['POST', '/authz/v1/check', 'iam:authz:check'],
      ['POST', '/authz/v1/explain', 'iam:authz:check'],
    ])
    expect(routePermission('scaleway', 'CheckPermissions')?.action).toBe('iam:authz:check')
    for (const r of AUTHZ_ROUTES) expect(permissionSetGrants(set('IAMAuthorizationCheck'), r.permission)).toBe(true)
  })
})

describe('routePermission and routeResource', () => {
  it('look a route up by surface and operation id', () => {
    expect(routePermission('scaleway', 'DeleteGroup')).toMatchObject({ method: 'DELETE', path: '/iam/v1alpha1/groups/{group_id}', action: 'iam:groups:delete' })
    expect(routePermission('authz', 'DeleteGroup')).toBeUndefined()
  })

  it('check project routes at the project, or at the organization when the request names none', () => {
    const list = routePermission('scaleway', 'ListSSHKeys')!
    const project = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
    expect(routeResource(list, { organizationId: ORG, projectId: project })).toBe(projectResource(ORG, project))
    expect(routeResource(list, { organizationId: ORG })).toBe(organizationResource(ORG))
    expect(routeResource(routePermission('scaleway', 'ListUsers')!, { organizationId: ORG, projectId: project })).toBe(organizationResource(ORG))
  })
})
