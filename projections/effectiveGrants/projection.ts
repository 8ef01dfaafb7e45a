// The effective-grants projection (DESIGN §6): per principal one grants item the check reads in one request.
// The runtime delivers each stream's events in version order (holes folded from the events table), at least
// once; a policy event's meaning depends on what came before it in its stream (whose policy it was), which the
// projection keeps in its own `policy/<P> state` item, so it never reads another projection.
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { CustomProjection, ProjectionIO } from '../contract.js'
import { applyChanges } from './apply.js'
import { EFFECTIVE_GRANTS, policyStateKey } from './keys.js'
import { applyNscaleGroupEvent, isNscaleGroupEvent } from './nscale.js'
import { applyScpPolicyEvent, isScpPolicyEvent } from './scp.js'
import { isScpResourceEvent, scpResourceChanges } from './scpResources.js'
import { GRANT_SOURCES, isPolicyEvent, policyChanges, policyStep, streamChanges, type PolicyGrantState } from './sources.js'

export const effectiveGrants: CustomProjection = {
  kind: 'custom',
  name: EFFECTIVE_GRANTS,
  aggregateTypes: GRANT_SOURCES,
  async apply(event, io) {
    if (isScpPolicyEvent(event)) return applyScpPolicyEvent(io, event)
    if (isScpResourceEvent(event)) return void (await io.write(scpResourceChanges(event)))
    if (isNscaleGroupEvent(event)) return applyNscaleGroupEvent(io, event)
    const { organizationId, aggregateId } = parseStreamId(event.streamId)
    if (!isPolicyEvent(event)) return applyChanges(io, organizationId, streamChanges(event))
    const state = await foldPolicy(io, organizationId, aggregateId, event)
    if (state) await applyChanges(io, organizationId, policyChanges(organizationId, aggregateId, state, event))
  },
}

/**
 * Moves the policy's state to `event` and returns it; when the state is already at this version (the event is
 * applied again) the stored state is returned so its changes are written again; undefined when there is
 * nothing to write (a later version is stored, or the event changes no grant).
 */
async function foldPolicy(io: ProjectionIO, organizationId: string, policyId: string, event: StoredEvent): Promise<PolicyGrantState | undefined> {
  let folded: PolicyGrantState | undefined
  await io.modify([policyStateKey(organizationId, policyId)], (current) => {
    const stored = current as PolicyGrantState | undefined
    if (stored && stored.version >= event.version) {
      folded = stored.version === event.version ? stored : undefined
      return undefined
    }
    folded = policyStep(stored, event)
    return folded
  })
  return folded
}
