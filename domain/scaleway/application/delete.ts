// DeleteApplication: the profile and the principal are deleted, the quota freed, and the cascade (cascade.ts)
// applied, all in one request; a cascade too large for one request is refused (412).
import type { DomainError } from '../../core/errors.js'
import { deletePrincipal, principalStatusExtras, principalStreamId, type PrincipalState } from '../../core/principal/index.js'
import { planDependentsCleanup, type Dependents } from '../cascade.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../plan.js'
import { releaseQuota } from '../quota/quota.js'
import { decideApplication, type ApplicationCommand } from './decide.js'
import { applicationStream, type ApplicationState } from './evolve.js'

export function planDeleteApplication(
  state: ApplicationState,
  principal: PrincipalState,
  dependents: Dependents,
  command: Extract<ApplicationCommand, { type: 'DeleteApplication' }>,
): PlannedWrites | DomainError {
  const events = decideApplication(state, command)
  if (!Array.isArray(events)) return events
  const application = state.application!
  const { organizationId, id } = application
  const principalEvents = deletePrincipal(principal)
  return withinOneRequest(
    combine(
      writes(applicationStream(organizationId, id), events, [releaseQuota(organizationId, 'applications')]),
      Array.isArray(principalEvents)
        ? writes(principalStreamId(organizationId, id), principalEvents, principalStatusExtras(organizationId, id, principalEvents))
        : { appends: [], extras: [] },
      planDependentsCleanup({ organizationId, kind: 'application', id, links: application.links }, dependents, command.at),
    ),
  )
}
