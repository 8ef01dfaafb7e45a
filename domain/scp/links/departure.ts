// A user leaving the account (USR-4/5): it leaves every SCP group it belongs to and its SCP policies are unbound,
// in the same request as its deletion, so group member lists and policy bindings never name a deleted user.
// Both sides come from the user's own `scp-links` stream; groups deleted since (stale links, group/plan.ts) are
// skipped. A user with too many links for one request is refused with the deletion (412, DESIGN §4).
import { isDomainError, type DomainError } from '../../core/errors.js'
import { combine, writes, type PlannedWrites } from '../../scaleway/plan.js'
import { decideGroup } from '../group/decide.js'
import { groupStream, liveGroup, type GroupState } from '../group/evolve.js'
import { planBindings, type BindingStates } from '../policy/bind.js'
import { leaveGroups } from './decide.js'
import { linksStream, type Links } from './evolve.js'

export function planUserDeparture(
  links: Links,
  groups: ReadonlyMap<string, GroupState>,
  bindings: BindingStates,
  command: { organizationId: string; userId: string; at: string; by: string },
): PlannedWrites | DomainError {
  const { organizationId, userId, at, by } = command
  const parts: PlannedWrites[] = []
  for (const groupId of links.groupIds) {
    const state = groups.get(groupId) ?? { deleted: false }
    if (!liveGroup(state)?.members.some((member) => member.userId === userId)) continue
    const events = decideGroup(state, { type: 'RemoveGroupMembers', organizationId, id: groupId, at, by, userIds: [userId] })
    if (isDomainError(events)) return events
    parts.push(writes(groupStream(organizationId, groupId), events))
  }
  parts.push(writes(linksStream(organizationId, userId), leaveGroups(links, links.groupIds, at)))
  const bound = links.policyIds.filter((policyId) => {
    const policy = bindings.policies.get(policyId)
    return policy?.policy !== undefined && !policy.deleted
  })
  const unbound = planBindings(organizationId, bindings, bound.map((policyId) => ({ policyId, identityType: 'USER', identityId: userId, bind: false })), at, by)
  if (isDomainError(unbound)) return unbound
  return combine(...parts, unbound)
}
