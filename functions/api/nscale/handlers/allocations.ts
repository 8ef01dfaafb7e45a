// Allocations (spec §3.2 #46–50, §7): the resources a consuming resource holds in a project, counted against the
// organization's quota by counters written in the same request (domain/nscale/quota/usage.ts), so concurrent
// allocations never exceed a quota. An allocation decided on a quota that changed before it was written is
// decided again (a few times) on the new quota.
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext, Plan, RequestMeta } from '../../../../domain/core/ports.js'
import {
  allocationWrites, createAllocation, deleteAllocation, owned, updateAllocation, type CreateAllocation,
} from '../../../../domain/nscale/allocation/decide.js'
import type { AllocationEvent } from '../../../../domain/nscale/allocation/events.js'
import { allocationDecider, allocationStreamId, type Allocation, type AllocationState } from '../../../../domain/nscale/allocation/evolve.js'
import { quotaDecider, quotaLimits, quotaStreamId } from '../../../../domain/nscale/quota/evolve.js'
import { isQuotaChanged } from '../../../../domain/nscale/quota/usage.js'
import { ALLOCATION_LIST, ALLOCATION_PARTITION, type AllocationListItem } from '../../../../projections/nscale/allocationList.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { projectIsLive } from './projectLookup.js'
import { answer, answerWith, readList, readMetadata, runCommand, type Idempotent, type Written } from './resourceSupport.js'

/** Decisions made again when the quota changed under them; past this, the conflict is answered (409). */
const QUOTA_RETRIES = 5

export function renderAllocation(allocation: Allocation) {
  return {
    metadata: {
      ...readMetadata(allocation.id, allocation.metadata, allocation),
      organizationId: toUuid(allocation.organizationId),
      projectId: toUuid(allocation.projectId),
    },
    spec: allocation.spec,
  }
}

type Decide = (state: AllocationState) => AllocationEvent[] | DomainError

/**
 * One allocation write: the project must be live, the quota is read with its version, and the usage counters
 * and reservations go with the events.
 */
async function writeAllocation(
  services: NscaleServices,
  meta: RequestMeta,
  ids: { organizationId: string; projectId: string; allocationId: string },
  decide: Decide,
  idempotent: Idempotent<AllocationState>,
): Promise<Written<AllocationState> | DomainError> {
  const { organizationId, projectId, allocationId } = ids
  const streamId = allocationStreamId(organizationId, allocationId)
  const quotaStream = quotaStreamId(organizationId)
  const plan = async (ctx: CommandContext): Promise<Plan<AllocationState> | DomainError> => {
    if (!(await projectIsLive(ctx, organizationId, projectId))) return notFound('project', projectId)
    const { state } = await ctx.load(allocationDecider, streamId)
    const quota = await ctx.load(quotaDecider, quotaStream)
    const events = decide(state)
    if (isDomainError(events)) return events
    const after = fold(allocationDecider, events, state)
    const writes = allocationWrites(state, events, quotaLimits(quota.state), quota.version)
    if (!writes) return { appends: [], result: after }
    return { appends: [{ streamId, events }], extras: writes.extras, result: after }
  }
  for (let attempt = 0; ; attempt++) {
    const written = await runCommand(services, meta, [streamId], plan, idempotent)
    if (!isDomainError(written) || !isQuotaChanged(written) || attempt >= QUOTA_RETRIES) return written
  }
}

/** The allocation of `projectId` rendered, or 404. */
function rendered(state: AllocationState, projectId: string, allocationId: string) {
  const allocation = owned(state, projectId)
  return allocation ? renderAllocation(allocation) : notFound('allocation', allocationId)
}

async function loadAllocation(services: Pick<NscaleServices, 'store'>, organizationId: string, allocationId: string): Promise<AllocationState> {
  const streamId = allocationStreamId(organizationId, allocationId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return fold(allocationDecider, events as unknown as AllocationEvent[])
}

export const allocationHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDAllocationsGet', async ({ input, caller, access, consistencyTokens, deps }) => {
    const organizationId = input.params.organizationID
    const items = await readList<AllocationListItem>(deps.services, { consistencyTokens }, organizationId, ALLOCATION_LIST, ALLOCATION_PARTITION)
    if (isDomainError(items)) return items
    // Upstream filters by P(identity:allocations:read) on each allocation's project: one decision per project.
    const projects = [...new Set(items.map((item) => item.projectId))]
    const decisions = await access.decide(
      caller,
      projects.map((projectId) => ({ endpoint: 'identity:allocations', operation: 'read' as const, level: 'project' as const, organizationId, projectId })),
      consistencyTokens,
    )
    if (decisions.includes('stale')) return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
    const readable = new Set(projects.filter((_, index) => decisions[index] === 'allow'))
    return { body: items.filter((item) => readable.has(item.projectId)).map(renderAllocation) }
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsPost', async ({ input, caller, meta, now, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const projectId = input.params.projectID
    const allocationId = deps.ids.newId()
    const command: CreateAllocation = {
      id: allocationId, organizationId, projectId, metadata: input.body.metadata, spec: input.body.spec, at: now.toISOString(), by: caller.subject,
    }
    const written = await writeAllocation(deps.services, meta, { organizationId, projectId, allocationId }, (state) => createAllocation(state, command), {
      scope: idempotency, status: 201, resourceIdOf: () => allocationId,
    })
    if (isDomainError(written)) return written
    return answerWith(written, (state) => rendered(state, projectId, allocationId), async (id) => rendered(await loadAllocation(deps.services, organizationId, id), projectId, id), 201)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDGet', async ({ input, deps }) => {
    const { organizationID: organizationId, projectID: projectId, allocationID: allocationId } = input.params
    const allocation = owned(await loadAllocation(deps.services, organizationId, allocationId), projectId)
    return allocation ? { body: renderAllocation(allocation) } : notFound('allocation', allocationId)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDPut', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, projectID: projectId, allocationID: allocationId } = input.params
    const command = { id: allocationId, projectId, metadata: input.body.metadata, spec: input.body.spec, at: now.toISOString(), by: caller.subject }
    const written = await writeAllocation(deps.services, meta, { organizationId, projectId, allocationId }, (state) => updateAllocation(state, command), {
      scope: idempotency, status: 200, resourceIdOf: () => allocationId,
    })
    if (isDomainError(written)) return written
    return answerWith(written, (state) => rendered(state, projectId, allocationId), async (id) => rendered(await loadAllocation(deps.services, organizationId, id), projectId, id))
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDDelete', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, projectID: projectId, allocationID: allocationId } = input.params
    const command = { id: allocationId, projectId, at: now.toISOString(), by: caller.subject }
    const written = await writeAllocation(deps.services, meta, { organizationId, projectId, allocationId }, (state) => deleteAllocation(state, command), {
      scope: idempotency, status: 202, resourceIdOf: () => allocationId,
    })
    return isDomainError(written) ? written : answer(written)
  }),
)
