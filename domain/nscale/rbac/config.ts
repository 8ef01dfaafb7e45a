// nscale roles from configuration (spec §6.1, §6.4): `roles.json` beside this file, the upstream chart's defaults.
// A role lists endpoint scopes × CRUD operations at three levels; protected roles are conferred only by
// configuration (platform administrators, IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS), never through the API.
// Role ids are upstream's deterministic `resource.id(name)`, so clients that hard-code them keep working.
import { z } from 'zod'
import { normalizeId, toUuid } from '../../core/ids.js'
import { ACL_OPERATIONS, type AclOperation } from '../routes.js'
import configured from './roles.json' with { type: 'json' }

export interface EndpointScope {
  /** `<service>:<resource>`, e.g. `identity:projects`. */
  name: string
  operations: AclOperation[]
}

export interface RoleScopes {
  global: EndpointScope[]
  organization: EndpointScope[]
  project: EndpointScope[]
}

export interface Role {
  /** Canonical 32 hex. */
  id: string
  name: string
  description: string
  protected: boolean
  scopes: RoleScopes
}

export interface RbacConfig {
  roles: readonly Role[]
  /** Roles whose global scopes platform administrators hold. */
  platformAdministratorRoles: readonly Role[]
  byId: ReadonlyMap<string, Role>
  byName: ReadonlyMap<string, Role>
}

const ENDPOINT = /^[a-z0-9][a-z0-9-]*:[A-Za-z0-9/_.-]+$/
const endpointScope = z.object({
  name: z.string().regex(ENDPOINT, 'an endpoint scope is <service>:<resource>'),
  operations: z.array(z.enum(ACL_OPERATIONS as [AclOperation, ...AclOperation[]])).min(1),
})
const rolesFile = z.object({
  platformAdministratorRoles: z.array(z.string()),
  roles: z.array(
    z.object({
      id: z.string(),
      name: z.string().regex(/^[0-9A-Za-z](?:[0-9A-Za-z-_.]{0,61}[0-9A-Za-z])?$/),
      description: z.string().optional(),
      protected: z.boolean(),
      scopes: z.object({
        global: z.array(endpointScope).optional(),
        organization: z.array(endpointScope).optional(),
        project: z.array(endpointScope).optional(),
      }),
    }),
  ).min(1),
})

/** Parses a role configuration; throws naming the problem (a deployment error the tests catch). */
export function parseRbacConfig(value: unknown): RbacConfig {
  const file = rolesFile.parse(value)
  const roles: Role[] = file.roles.map((role) => {
    const id = normalizeId(role.id)
    if (!id) throw new Error(`nscale role ${role.name}: id ${role.id} is not a UUID`)
    return {
      id,
      name: role.name,
      description: role.description ?? '',
      protected: role.protected,
      scopes: { global: role.scopes.global ?? [], organization: role.scopes.organization ?? [], project: role.scopes.project ?? [] },
    }
  })
  const byId = new Map(roles.map((role) => [role.id, role]))
  const byName = new Map(roles.map((role) => [role.name, role]))
  if (byId.size !== roles.length || byName.size !== roles.length) throw new Error('nscale roles must have distinct ids and names')
  const platformAdministratorRoles = file.platformAdministratorRoles.map((name) => {
    const role = byName.get(name)
    if (!role) throw new Error(`platformAdministratorRoles names an unknown role ${name}`)
    return role
  })
  return { roles, platformAdministratorRoles, byId, byName }
}

/** The configured roles (roles.json). */
export const RBAC_CONFIG: RbacConfig = parseRbacConfig(configured)

/**
 * The roles of each platform service (`IAM_NSCALE_SYSTEM_ACCOUNT_ROLES`, upstream's `--system-account-roles-ids`):
 * `<client id>=<role>[+<role>…]` entries, comma-separated, roles by name or id (protected ones included: only
 * configuration confers them). Unknown roles and malformed entries are reported, not ignored.
 */
export function parseSystemAccountRoles(text: string, config: RbacConfig): { roles: Map<string, Role[]>; problems: string[] } {
  const roles = new Map<string, Role[]>()
  const problems: string[] = []
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf('=')
    const clientId = entry.slice(0, at).trim()
    const names = entry.slice(at + 1).split('+').map((name) => name.trim()).filter(Boolean)
    if (at < 1 || names.length === 0) {
      problems.push(`IAM_NSCALE_SYSTEM_ACCOUNT_ROLES entries are <client id>=<role>[+<role>], got ${JSON.stringify(entry)}`)
      continue
    }
    const found = names.map((name) => config.byName.get(name) ?? config.byId.get(normalizeId(name) ?? ''))
    const unknown = names.filter((_, index) => !found[index])
    if (unknown.length > 0) problems.push(`IAM_NSCALE_SYSTEM_ACCOUNT_ROLES names unknown roles ${unknown.join(', ')} for ${clientId}`)
    else roles.set(clientId, found as Role[])
  }
  return { roles, problems }
}

/** Roles as `GET …/roles` renders them: sorted by name (spec §2.4 list orders). */
export function rolesByName(config: RbacConfig): Role[] {
  return [...config.roles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

export function renderRoleId(role: Role): string {
  return toUuid(role.id)
}
