// Deleting a person's user, whichever surface asks (Scaleway DeleteUser, SCP DeleteUser and its bulk form): one
// user serves both surfaces, so one plan undoes both sides in one request — the Scaleway profile and what hangs
// on it (API keys, Scaleway groups, the principal), the password item, and the SCP groups and policy bindings.
// Too many items for one request is refused (412, DESIGN §4).
import { isDomainError, notFound, type DomainError } from '../../domain/core/errors.js'
import type { CommandContext } from '../../domain/core/ports.js'
import { principalDecider, principalStreamId } from '../../domain/core/principal/index.js'
import { combine, liveUser, loadDependents, planDeleteUser, userDecider, userStream, withinOneRequest, type PlannedWrites } from '../../domain/scaleway/index.js'
import { groupDecider, groupStream } from '../../domain/scp/group/evolve.js'
import { planUserDeparture } from '../../domain/scp/links/departure.js'
import { linksDecider, linksStream } from '../../domain/scp/links/evolve.js'
import { loadBindingStates } from '../../domain/scp/policy/bind.js'
import { passwordDeletion } from '../auth/passwords.js'

export async function planUserDeletion(
  ctx: CommandContext,
  command: { organizationId: string; userId: string; at: string; by: string },
): Promise<PlannedWrites | DomainError> {
  const { organizationId, userId, at } = command
  const [{ state }, { state: principal }, { state: links }] = await Promise.all([
    ctx.load(userDecider, userStream(organizationId, userId)),
    ctx.load(principalDecider, principalStreamId(organizationId, userId)),
    ctx.load(linksDecider, linksStream(organizationId, userId)),
  ])
  const user = liveUser(state)
  if (!user) return notFound('user', userId)
  const dependents = await loadDependents(ctx, organizationId, user.links)
  const profile = planDeleteUser(state, principal, dependents, { organizationId, id: userId, type: 'DeleteUser', at })
  if (isDomainError(profile)) return profile
  const groups = new Map(await Promise.all(links.groupIds.map(async (groupId) => [groupId, (await ctx.load(groupDecider, groupStream(organizationId, groupId))).state] as const)))
  const bindings = await loadBindingStates(ctx, organizationId, links.policyIds.map((policyId) => ({ policyId, identityType: 'USER' as const, identityId: userId, bind: false })))
  const departure = planUserDeparture(links, groups, bindings, command)
  if (isDomainError(departure)) return departure
  return withinOneRequest(combine(profile, departure, { appends: [], extras: [passwordDeletion(organizationId, userId)] }))
}
