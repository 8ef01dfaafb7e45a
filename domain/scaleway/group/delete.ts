// DeleteGroup: the name and the quota are freed and the policies attached to the group are attached to no
// principal, in one request. Members keep a stale link to the deleted group (links.ts): touching every member
// would make large groups undeletable, and their cascades skip deleted groups.
import type { DomainError } from '../../core/errors.js'
import { noDependents, planDependentsCleanup, type Dependents } from '../cascade.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../plan.js'
import { releaseQuota } from '../quota/quota.js'
import { decideGroup, type GroupCommand } from './decide.js'
import { groupStream, type GroupState } from './evolve.js'
import { groupNameReservation } from './plan.js'

export function planDeleteGroup(
  state: GroupState,
  policies: Dependents['policies'],
  command: Extract<GroupCommand, { type: 'DeleteGroup' }>,
): PlannedWrites | DomainError {
  const events = decideGroup(state, command)
  if (!Array.isArray(events)) return events
  const group = state.group!
  const { organizationId, id } = group
  return withinOneRequest(
    combine(
      writes(groupStream(organizationId, id), events, [
        { kind: 'release', key: groupNameReservation(organizationId, group.name), owner: id },
        releaseQuota(organizationId, 'groups'),
      ]),
      planDependentsCleanup({ organizationId, kind: 'group', id, links: group.links }, { ...noDependents(), policies }, command.at),
    ),
  )
}
