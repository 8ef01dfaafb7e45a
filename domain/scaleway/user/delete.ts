// DeleteUser: the profile and the principal are deleted, the reservations and the quota freed, and the cascade
// (cascade.ts) applied, all in one request; a cascade too large for one request is refused (412).
import { deletePrincipal, principalStatusExtras, principalStreamId, type PrincipalState } from '../../core/principal/index.js'
import type { DomainError } from '../../core/errors.js'
import { planDependentsCleanup, type Dependents } from '../cascade.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../plan.js'
import { releaseQuota } from '../quota/quota.js'
import { decideUser, type UserCommand } from './decide.js'
import { userStream, type UserState } from './evolve.js'
import { identityReleases } from './plan.js'

export function planDeleteUser(
  state: UserState,
  principal: PrincipalState,
  dependents: Dependents,
  command: Extract<UserCommand, { type: 'DeleteUser' }>,
): PlannedWrites | DomainError {
  const events = decideUser(state, command)
  if (!Array.isArray(events)) return events
  const user = state.user!
  const principalEvents = deletePrincipal(principal)
  return withinOneRequest(
    combine(
      writes(userStream(user.organizationId, user.id), events, [...identityReleases(user), releaseQuota(user.organizationId, 'users')]),
      Array.isArray(principalEvents)
        ? writes(principalStreamId(user.organizationId, user.id), principalEvents, principalStatusExtras(user.organizationId, user.id, principalEvents))
        : { appends: [], extras: [] },
      planDependentsCleanup({ organizationId: user.organizationId, kind: 'user', id: user.id, links: user.links }, dependents, command.at),
    ),
  )
}
