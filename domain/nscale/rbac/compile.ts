// nscale RBAC → engine statements (DESIGN §6). A group's roles compile, per level, to one allow statement each:
//   global        actions of the role's global scopes            on org/*
//   organization  actions of its organization scopes             on org/<O>, org/<O>/*
//   project       actions of its project scopes, for each project that names the group
//                                                                on org/<O>/project/<P>, org/<O>/project/<P>/*
// An action is `<endpoint>:<operation>` (`identity:projects:read`). The check at a project therefore falls back
// to organization and global grants by glob alone, as upstream's AllowProjectScope does.
import { nscaleScopePatterns, type NscaleScope } from '../../authz/resource.js'
import type { Statement } from '../../authz/statement.js'
import { nscaleAction } from '../routes.js'
import type { EndpointScope, RbacConfig, Role } from './config.js'

export interface GroupGrants {
  organizationId: string
  groupId: string
  /** The group stream version these statements are as of. */
  version: number
  roleIds: readonly string[]
  /** Projects whose `groupIDs` name the group. */
  projectIds: readonly string[]
}

export function compileGroup(group: GroupGrants, config: RbacConfig): Statement[] {
  const statements: Statement[] = []
  for (const roleId of [...new Set(group.roleIds)].sort()) {
    const role = config.byId.get(roleId)
    // A role removed from the configuration grants nothing (fail closed).
    if (!role) continue
    const source = { surface: 'nscale' as const, policyId: group.groupId, policyVersion: group.version, ruleId: role.name }
    statements.push(...roleStatements(role, { level: 'global' }, source))
    statements.push(...roleStatements(role, { level: 'organization', organizationId: group.organizationId }, source))
    for (const projectId of [...new Set(group.projectIds)].sort()) {
      statements.push(...roleStatements(role, { level: 'project', organizationId: group.organizationId, projectId }, source))
    }
  }
  return statements
}

/** The statement of one role at one scope (none when the role has no scopes at that level). */
export function roleStatements(role: Role, scope: NscaleScope, source: Statement['source']): Statement[] {
  const actions = actionsOf(role.scopes[scope.level])
  return actions.length === 0 ? [] : [{ effect: 'allow', actions, resources: nscaleScopePatterns(scope), source }]
}

export function actionsOf(scopes: readonly EndpointScope[]): string[] {
  return scopes.flatMap((scope) => scope.operations.map((operation) => nscaleAction(scope.name, operation)))
}

/** What platform administrators hold: the global scopes of the configured platform-administrator roles. */
export function platformAdministratorStatements(config: RbacConfig): Statement[] {
  return configuredRoleStatements(config.platformAdministratorRoles, 'platform-administrators')
}

/**
 * What configuration alone confers (platform administrators, platform services signed in with client
 * credentials): the roles' global scopes, as upstream's system accounts hold them (spec §6.3 step 1).
 */
export function configuredRoleStatements(roles: readonly Role[], holder: string): Statement[] {
  return roles.flatMap((role) => roleStatements(role, { level: 'global' }, { surface: 'nscale', policyId: holder, policyVersion: 0, ruleId: role.name }))
}
