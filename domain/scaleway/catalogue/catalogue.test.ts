import { describe, expect, it } from 'vitest'
import {
  actionsOf,
  listPermissionSets,
  PERMISSION_SETS,
  permissionSetByName,
  permissionSetGrants,
  permissionSetsGranting,
} from './catalogue.js'
import { permissionSetId, SCOPE_TYPES } from './permissionSet.js'
import { isWellFormedPattern, levelsOf, permissionAction, READ_ACTIONS, type ResourceLevel } from './permissions.js'

const named = (name: string) => {
  const set = permissionSetByName(name)
  if (!set) throw new Error(`no set ${name}`)
  return set
}

describe('catalogue integrity', () => {
  it('has unique names and unique ids', () => {
    const names = PERMISSION_SETS.map((s) => s.name)
    expect(new Set(names).size).toBe(names.length)
    const ids = PERMISSION_SETS.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('gives every set a real scope type, a description, a category and at least one permission', () => {
    for (const set of PERMISSION_SETS) {
      expect(SCOPE_TYPES, set.name).toContain(set.scopeType)
      expect(set.description.length, set.name).toBeGreaterThan(0)
      expect(set.categories.length, set.name).toBeGreaterThan(0)
      expect(set.permissions.length, set.name).toBeGreaterThan(0)
      expect(set.name, set.name).toMatch(/^[A-Z][A-Za-z0-9]+$/)
    }
  })

  it('writes every triple well formed: known service, known name or *, known action or *', () => {
    for (const set of PERMISSION_SETS) {
      for (const pattern of set.permissions) expect(isWellFormedPattern(pattern), `${set.name} ${JSON.stringify(pattern)}`).toBe(true)
    }
  })

  it("grants only what its scope type can reach", () => {
    const reachable: Record<string, ResourceLevel[]> = {
      projects: ['project'],
      organization: ['organization', 'project'],
      account_root_user: ['account_root_user'],
    }
    for (const set of PERMISSION_SETS) {
      for (const pattern of set.permissions) {
        for (const level of levelsOf(pattern)) expect(reachable[set.scopeType], `${set.name} ${permissionAction(pattern)}`).toContain(level)
      }
    }
  })

  it('keeps ReadOnly sets to list and read', () => {
    for (const set of PERMISSION_SETS.filter((s) => s.name.endsWith('ReadOnly'))) {
      for (const pattern of set.permissions) expect(READ_ACTIONS, `${set.name} ${permissionAction(pattern)}`).toContain(pattern.action)
    }
  })

  it('has FullAccess/ReadOnly pairs for at least ten products besides IAM', () => {
    const names = new Set(PERMISSION_SETS.map((s) => s.name))
    const products = [...names]
      .filter((n) => n.endsWith('FullAccess') && names.has(n.replace(/FullAccess$/, 'ReadOnly')))
      .map((n) => n.replace(/FullAccess$/, ''))
      .filter((p) => p !== 'AllProducts')
    expect(products.length).toBeGreaterThanOrEqual(10)
    for (const product of ['Instances', 'ObjectStorage', 'Kubernetes', 'RelationalDatabases', 'LoadBalancers', 'DomainsDNS', 'SecretManager']) {
      expect(products).toContain(product)
    }
  })

  it('has the IAM sets, the Organization sets and the names the seed quotes', () => {
    for (const name of [
      'IAMManager', 'IAMReadOnly', 'IAMUserManager', 'IAMUserReadOnly', 'IAMApplicationManager', 'IAMApplicationReadOnly',
      'IAMGroupManager', 'IAMGroupReadOnly', 'IAMPolicyManager', 'IAMPolicyReadOnly', 'IAMAPIKeyManager', 'IAMAPIKeyReadOnly',
      'SSHKeysFullAccess', 'SSHKeysReadOnly', 'IAMLogReadOnly', 'IAMQuotaReadOnly', 'IAMAuthorizationCheck',
      'ProjectManager', 'ProjectReadOnly', 'OrganizationManager', 'OrganizationReadOnly', 'BillingManager', 'BillingReadOnly',
      'AuditTrailReadOnly', 'InstancesFullAccess', 'InstancesReadOnly', 'RelationalDatabasesFullAccess',
    ]) {
      expect(permissionSetByName(name), name).toBeDefined()
    }
    expect(named('IAMManager').scopeType).toBe('organization')
    expect(named('InstancesFullAccess').scopeType).toBe('projects')
    expect(named('SSHKeysFullAccess').scopeType).toBe('projects')
    expect(PERMISSION_SETS.some((s) => s.scopeType === 'account_root_user')).toBe(true)
  })
})

describe('permission set ids', () => {
  it('are name-based UUIDs in canonical form, stable across calls', () => {
    const id = permissionSetId('IAMManager')
    expect(id).toMatch(/^[0-9a-f]{12}5[0-9a-f]{3}[89ab][0-9a-f]{15}$/)
    expect(permissionSetId('IAMManager')).toBe(id)
    expect(named('IAMManager').id).toBe(id)
    expect(permissionSetId('IAMReadOnly')).not.toBe(id)
  })
})

describe('permissionSetByName', () => {
  it('is exact and case-sensitive', () => {
    expect(permissionSetByName('IAMManager')?.name).toBe('IAMManager')
    expect(permissionSetByName('iammanager')).toBeUndefined()
    expect(permissionSetByName('InstanceReadAccess')).toBeUndefined()
  })
})

describe('listPermissionSets', () => {
  it('orders by name ascending by default, with the true total on every page', () => {
    const { permissionSets, totalCount } = listPermissionSets({ pageSize: 100 })
    expect(totalCount).toBe(PERMISSION_SETS.length)
    const names = permissionSets.map((s) => s.name)
    const folded = names.map((n) => n.toLowerCase())
    expect(folded).toEqual([...folded].sort())
  })

  it('orders by name descending', () => {
    const asc = listPermissionSets({ pageSize: 100 }).permissionSets.map((s) => s.name)
    const desc = listPermissionSets({ orderBy: 'name_desc', pageSize: 100 }).permissionSets.map((s) => s.name)
    expect(desc).toEqual([...asc].reverse())
  })

  it('orders by creation, which is catalogue order', () => {
    const all = PERMISSION_SETS.map((s) => s.name)
    expect(listPermissionSets({ orderBy: 'created_at_asc', pageSize: 100 }).permissionSets.map((s) => s.name)).toEqual(all.slice(0, 100))
    expect(listPermissionSets({ orderBy: 'created_at_desc', pageSize: 3 }).permissionSets.map((s) => s.name)).toEqual(all.slice(-3).reverse())
  })

  it('pages without gaps or overlaps, and a page past the end is empty', () => {
    const pageSize = 7
    const pages = Math.ceil(PERMISSION_SETS.length / pageSize)
    const seen = Array.from({ length: pages }, (_, i) => listPermissionSets({ page: i + 1, pageSize }).permissionSets).flat()
    expect(seen.map((s) => s.name)).toEqual(listPermissionSets({ pageSize: 100 }).permissionSets.map((s) => s.name))
    expect(listPermissionSets({ page: pages + 1, pageSize })).toEqual({ permissionSets: [], totalCount: PERMISSION_SETS.length })
  })

  it('pages 20 at a time by default', () => {
    expect(listPermissionSets().permissionSets).toHaveLength(Math.min(20, PERMISSION_SETS.length))
  })
})

describe('who grants a permission', () => {
  it('finds every set granting a triple, whatever its case', () => {
    const names = permissionSetsGranting({ service: 'IAM', name: 'Users', action: 'READ' }).map((s) => s.name)
    expect(names).toEqual(expect.arrayContaining(['IAMManager', 'IAMReadOnly', 'IAMUserManager', 'IAMUserReadOnly', 'OrganizationManager']))
    expect(names).not.toContain('IAMGroupReadOnly')
    expect(names).not.toContain('InstancesFullAccess')
  })

  it('keeps writes away from read-only sets', () => {
    const write = { service: 'iam', name: 'users', action: 'write' }
    expect(permissionSetGrants(named('IAMManager'), write)).toBe(true)
    expect(permissionSetGrants(named('IAMReadOnly'), write)).toBe(false)
    expect(permissionSetGrants(named('IAMUserManager'), write)).toBe(true)
  })

  it('lets a FullAccess set grant actions of its service it does not list', () => {
    expect(permissionSetGrants(named('InstancesFullAccess'), { service: 'instance', name: 'servers', action: 'reboot' })).toBe(true)
    expect(permissionSetGrants(named('InstancesReadOnly'), { service: 'instance', name: 'servers', action: 'reboot' })).toBe(false)
  })

  it('keeps secret data out of SecretManagerReadOnly', () => {
    const readData = { service: 'secret_manager', name: 'versions', action: 'read' }
    expect(permissionSetGrants(named('SecretManagerReadOnly'), readData)).toBe(false)
    expect(permissionSetGrants(named('SecretManagerSecretAccess'), readData)).toBe(true)
    expect(permissionSetGrants(named('AllProductsReadOnly'), readData)).toBe(false)
  })

  it('gives the authorization API its own permission', () => {
    const names = permissionSetsGranting({ service: 'iam', name: 'authz', action: 'check' }).map((s) => s.name)
    expect(names).toEqual(expect.arrayContaining(['IAMManager', 'IAMAuthorizationCheck']))
    expect(names).not.toContain('IAMReadOnly')
  })
})

describe('actionsOf', () => {
  it('compiles a FullAccess set to service:*', () => {
    expect(actionsOf([named('InstancesFullAccess')])).toEqual(['instance:*'])
  })

  it('compiles a ReadOnly set to service:*:list and service:*:read', () => {
    expect(actionsOf([named('InstancesReadOnly')])).toEqual(['instance:*:list', 'instance:*:read'])
  })

  it('drops duplicates and patterns another one covers', () => {
    expect(actionsOf([named('IAMManager'), named('IAMReadOnly'), named('ProjectManager')])).toEqual(['account:projects:*', 'iam:*'])
    expect(actionsOf([named('IAMUserReadOnly'), named('IAMAPIKeyManager')])).toEqual([
      'iam:api_keys:*',
      'iam:grace_periods:list',
      'iam:grace_periods:read',
      'iam:users:list',
      'iam:users:read',
    ])
  })
})
