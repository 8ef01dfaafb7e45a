// The ACL document (spec §4.2, §6.3) rendered from engine statements: the statements a principal holds (one read
// of its grants item) are sorted back into endpoints by level. Merging follows upstream: endpoints of one level are
// unioned, operations sorted alphabetically and de-duplicated (create, delete, read, update); endpoints sorted by
// name, projects by id; empty parts omitted, so `{}` is a valid answer.
import { parseResource } from '../../authz/resource.js'
import type { Statement } from '../../authz/statement.js'
import { ACL_OPERATIONS, type AclOperation } from '../routes.js'

export interface AclEndpoint {
  name: string
  operations: AclOperation[]
}

export interface Acl {
  global?: AclEndpoint[]
  organization?: { id: string; endpoints: AclEndpoint[] }
  projects?: Array<{ id: string; endpoints: AclEndpoint[] }>
}

type Level = { level: 'global' } | { level: 'organization'; organizationId: string } | { level: 'project'; organizationId: string; projectId: string }

/** `organizationId` undefined: the ACL of `/api/v1/acl` (global grants only). Ids are as the statements hold them. */
export function renderAcl(statements: readonly Statement[], organizationId?: string): Acl {
  const global = new Map<string, Set<AclOperation>>()
  const organization = new Map<string, Set<AclOperation>>()
  const projects = new Map<string, Map<string, Set<AclOperation>>>()
  for (const statement of statements) {
    if (statement.effect !== 'allow' || !statement.actions || !statement.resources || statement.condition) continue
    const levels = statement.resources.map(levelOf).filter((level): level is Level => level !== undefined)
    for (const level of levels) {
      let target: Map<string, Set<AclOperation>> | undefined
      if (level.level === 'global') target = global
      else if (organizationId === undefined || level.organizationId !== organizationId) continue
      else if (level.level === 'organization') target = organization
      else {
        target = projects.get(level.projectId)
        if (!target) projects.set(level.projectId, (target = new Map()))
      }
      for (const action of statement.actions) addAction(target, action)
    }
  }
  const acl: Acl = {}
  if (global.size > 0) acl.global = endpoints(global)
  if (organizationId !== undefined && organization.size > 0) acl.organization = { id: organizationId, endpoints: endpoints(organization) }
  const projectList = [...projects].filter(([, found]) => found.size > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (projectList.length > 0) acl.projects = projectList.map(([id, found]) => ({ id, endpoints: endpoints(found) }))
  return acl
}

/** The level a compiled resource pattern grants at; the `/*` twin of a scope is the same level. */
function levelOf(pattern: string): Level | undefined {
  if (pattern === 'org/*') return { level: 'global' }
  const scope = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern
  const parts = parseResource(scope)
  if (!parts || parts.service !== undefined || parts.region !== undefined) return undefined
  return parts.projectId === undefined
    ? { level: 'organization', organizationId: parts.orgId }
    : { level: 'project', organizationId: parts.orgId, projectId: parts.projectId }
}

function addAction(target: Map<string, Set<AclOperation>>, action: string): void {
  const colon = action.lastIndexOf(':')
  const operation = action.slice(colon + 1).toLowerCase() as AclOperation
  if (colon <= 0 || !ACL_OPERATIONS.includes(operation)) return
  const name = action.slice(0, colon)
  let operations = target.get(name)
  if (!operations) target.set(name, (operations = new Set()))
  operations.add(operation)
}

function endpoints(found: Map<string, Set<AclOperation>>): AclEndpoint[] {
  return [...found]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, operations]) => ({ name, operations: [...operations].sort() }))
}
