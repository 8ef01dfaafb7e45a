// Privilege escalation rules (spec §6.5, upstream AllowRole): a caller may grant a role only when it holds every
// (endpoint, operation) of the role itself — global scopes at global level, organization and project scopes at
// organization level — and never a protected role. Checked through the engine like every route.
import type { Role } from '../../../../domain/nscale/rbac/config.js'
import { invalidArgument, permissionDenied, type DomainError } from '../../../../domain/core/errors.js'
import type { RbacConfig } from '../../../../domain/nscale/rbac/config.js'
import type { Access, AccessCheck } from '../access.js'
import type { NscaleCaller } from '../deps.js'

function roleChecks(role: Role, organizationId: string): AccessCheck[] {
  return [
    ...role.scopes.global.flatMap((scope) => scope.operations.map((operation) => ({ endpoint: scope.name, operation, level: 'global' as const }))),
    ...[...role.scopes.organization, ...role.scopes.project].flatMap((scope) =>
      scope.operations.map((operation) => ({ endpoint: scope.name, operation, level: 'organization' as const, organizationId }))),
  ]
}

/** The roles among `roles` the caller may grant in the organization (protected ones never). */
export async function grantableRoles(
  access: Access,
  caller: NscaleCaller,
  organizationId: string,
  roles: readonly Role[],
  consistency: readonly string[],
): Promise<Role[] | 'stale'> {
  const candidates = roles.filter((role) => !role.protected)
  const checks = candidates.map((role) => roleChecks(role, organizationId))
  const decisions = await access.decide(caller, checks.flat(), consistency)
  if (decisions.includes('stale')) return 'stale'
  let at = 0
  return candidates.filter((_, index) => {
    const mine = decisions.slice(at, (at += checks[index]!.length))
    return mine.every((decision) => decision === 'allow')
  })
}

/**
 * The role ids of a group write (spec #35, #37): an unknown role is 400, a protected role or one the caller may not
 * grant is 403. Roles the group already holds are not checked again (a PUT that keeps them is no escalation).
 */
export async function checkRoleGrants(
  access: Access,
  caller: NscaleCaller,
  config: RbacConfig,
  organizationId: string,
  roleIds: readonly string[],
  kept: readonly string[],
  consistency: readonly string[],
): Promise<DomainError | undefined> {
  const roles: Role[] = []
  for (const roleId of new Set(roleIds)) {
    const role = config.byId.get(roleId)
    if (!role) return invalidArgument('spec.roleIDs', `role ${roleId} does not exist`)
    if (role.protected) return permissionDenied(`role ${role.name}`, 'grant')
    if (!kept.includes(roleId)) roles.push(role)
  }
  if (roles.length === 0) return undefined
  const grantable = await grantableRoles(access, caller, organizationId, roles, consistency)
  if (grantable === 'stale') return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
  const refused = roles.find((role) => !grantable.includes(role))
  return refused ? permissionDenied(`role ${refused.name}`, 'grant') : undefined
}
