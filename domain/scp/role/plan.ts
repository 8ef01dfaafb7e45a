// Plans of the role commands. A role is a principal of kind `role` (domain/core/principal, id = the role's id):
// registering it writes the status item the check reads, so a role's permissions can be evaluated at once. Its
// name is reserved in the account; its policies are bound like a user's (domain/scp/policy/bind.ts). Deleting a
// role unbinds its policies and deletes its principal in the same request.
import { alreadyExists, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { CommandContext, Extra, StateKey } from '../../core/ports.js'
import { deletePrincipal, registerPrincipal } from '../../core/principal/decide.js'
import { principalStatusExtras } from '../../core/principal/items.js'
import { principalDecider, principalStreamId } from '../../core/principal/evolve.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../../scaleway/plan.js'
import { linksDecider, linksStream } from '../links/evolve.js'
import { loadBindingStates, planBindings, type BindingChange } from '../policy/bind.js'
import { decideRole, type RoleCommand } from './decide.js'
import { liveRole, roleDecider, roleStream, type Role, type RoleState } from './evolve.js'

type Loader = Pick<CommandContext, 'load'>

/** Role names are unique in an account (case-sensitive, decision §6.45). */
export function roleNameReservation(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#scp-role-name`, sk: name }
}

function reserveName(organizationId: string, id: string, name: string): Extra {
  return { kind: 'reserve', key: roleNameReservation(organizationId, name), owner: id, onTaken: alreadyExists('role', name, 'a role with this name already exists') }
}

export async function planCreateRole(
  ctx: Loader,
  command: Extract<RoleCommand, { type: 'CreateRole' }>,
  policyIds: readonly string[],
): Promise<PlannedWrites | DomainError> {
  const { organizationId, id, at, by } = command
  const events = decideRole({ deleted: false }, command)
  if (isDomainError(events)) return events
  const principal = registerPrincipal({ status: 'absent' }, { principalId: id, organizationId, kind: 'role' })
  if (isDomainError(principal)) return principal
  const bindings = await planRoleBindings(ctx, organizationId, id, policyIds, true, at, by)
  if (isDomainError(bindings)) return bindings
  return withinOneRequest(combine(
    writes(roleStream(organizationId, id), events, [reserveName(organizationId, id, command.name)]),
    writes(principalStreamId(organizationId, id), principal, principalStatusExtras(organizationId, id, principal)),
    bindings,
  ))
}

/** SetRole and SetRoleTrustPolicy: the role's own stream only. */
export function planChangeRole(state: RoleState, command: Extract<RoleCommand, { type: 'SetRole' | 'SetRoleTrustPolicy' }>): PlannedWrites | DomainError {
  const events = decideRole(state, command)
  if (isDomainError(events)) return events
  return writes(roleStream(command.organizationId, command.id), events)
}

/** Deletes a live role: its events, its principal, its name, and every binding of its policies. */
export async function planDeleteRole(ctx: Loader, state: RoleState, target: { organizationId: string; id: string; at: string; by: string }): Promise<PlannedWrites | DomainError> {
  const role = liveRole(state)
  if (!role) return notFound('role', target.id)
  const { organizationId, id, at, by } = target
  const events = decideRole(state, { ...target, type: 'DeleteRole' })
  if (isDomainError(events)) return events
  const principal = (await ctx.load(principalDecider, principalStreamId(organizationId, id))).state
  const deleted = principal.status === 'active' ? deletePrincipal(principal) : []
  if (isDomainError(deleted)) return deleted
  const links = (await ctx.load(linksDecider, linksStream(organizationId, id))).state
  const bindings = await planRoleBindings(ctx, organizationId, id, links.policyIds, false, at, by)
  if (isDomainError(bindings)) return bindings
  return withinOneRequest(combine(
    writes(roleStream(organizationId, id), events, [{ kind: 'release', key: roleNameReservation(organizationId, role.name), owner: id }]),
    writes(principalStreamId(organizationId, id), deleted, principalStatusExtras(organizationId, id, deleted)),
    bindings,
  ))
}

/** RPB-1/3/4 and the `policy_ids` of a creation: a role binds like a user, identityType ROLE. */
export async function planRoleBindings(
  ctx: Loader,
  organizationId: string,
  roleId: string,
  policyIds: readonly string[],
  bind: boolean,
  at: string,
  by: string,
): Promise<PlannedWrites | DomainError> {
  const changes: BindingChange[] = [...new Set(policyIds)].map((policyId) => ({ policyId, identityType: 'ROLE', identityId: roleId, bind }))
  if (changes.length === 0) return { appends: [], extras: [] }
  const states = await loadBindingStates(ctx, organizationId, changes)
  return planBindings(organizationId, states, changes, at, by)
}

export async function loadRole(ctx: Loader, organizationId: string, roleId: string): Promise<{ state: RoleState; role: Role | undefined }> {
  const { state } = await ctx.load(roleDecider, roleStream(organizationId, roleId))
  return { state, role: liveRole(state) }
}

