// The organization aggregate as the Scaleway organization and security-settings operations see it: loaded from its
// own stream (reads reflect every acknowledged write), changed through the command runner. The path's organization
// must be the caller's: another one (or one that does not exist) is refused like the authorization check refuses it.
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, permissionDenied, type DomainError } from '../../../../domain/core/errors.js'
import type { DomainEvent } from '../../../../domain/core/events.js'
import type { Id } from '../../../../domain/core/ids.js'
import {
  organizationDecider, organizationStreamId, type OrganizationEvent, type OrganizationState,
} from '../../../../domain/core/organization/index.js'
import type { Extra } from '../../../../domain/core/ports.js'
import { routePermission } from '../../../../domain/scaleway/routes.js'
import type { ScalewayServices } from '../deps.js'
import type { OperationRequest } from '../operation.js'
import type { OperationId } from '../routes/index.js'
import { respond, runWrite } from './command.js'

export type ActiveOrganization = Extract<OrganizationState, { status: 'active' }>

/** The caller's own organization, or the 403 the check answers for any other (foreign and unknown alike). */
export function ownOrganization(request: Pick<OperationRequest<OperationId>, 'operationId' | 'organizationId' | 'principal'>): DomainError | undefined {
  if (request.organizationId === request.principal.organizationId) return undefined
  const route = routePermission('scaleway', request.operationId)
  return permissionDenied(route?.permission.name ?? request.operationId, route?.permission.action ?? 'unknown')
}

export async function loadOrganization(services: Pick<ScalewayServices, 'store'>, organizationId: Id): Promise<ActiveOrganization | DomainError> {
  const stream = organizationStreamId(organizationId)
  const events = (await services.store.load([stream])).get(stream) ?? []
  const state = fold(organizationDecider, events as unknown as OrganizationEvent[])
  return state.status === 'active' ? state : notFound('organization', organizationId)
}

type Decide = (state: OrganizationState) => { events: DomainEvent[]; extras?: Extra[] } | DomainError

/** Changes the caller's organization (the path must name it) and renders it afterwards. */
export async function changeOrganization<Op extends OperationId, Body>(
  request: OperationRequest<Op>,
  decide: Decide,
  render: (organization: ActiveOrganization) => Body,
) {
  const foreign = ownOrganization(request)
  if (foreign) return foreign
  const { deps, organizationId } = request
  const stream = organizationStreamId(organizationId)
  const outcome = await runWrite(request, {
    serializeOn: [stream],
    resourceIdOf: (organization: ActiveOrganization) => organization.organizationId,
    plan: async (ctx) => {
      const { state } = await ctx.load(organizationDecider, stream)
      const decided = decide(state)
      if (isDomainError(decided)) return decided
      const after = fold(organizationDecider, decided.events as OrganizationEvent[], state)
      if (after.status !== 'active') return notFound('organization', organizationId)
      return { writes: { appends: [{ streamId: stream, events: decided.events }], extras: decided.extras ?? [] }, result: after }
    },
  })
  return respond(outcome, render, async (id) => {
    const organization = await loadOrganization(deps.services, id)
    return isDomainError(organization) ? organization : render(organization)
  })
}
