// Projects (spec #39–43): `groupIDs` name the groups that act on the project; each must be a live group (400).
// The list is filtered to the projects the caller may read (upstream answers `[]`, never 403). Provisioning is
// synchronous here (spec §9 #13, option a): a project is `provisioned/healthy` from its creation (202), and a
// deleted project is gone at once (404), its allocations deleted and their quota usage freed in the same
// transaction (spec §9 #14); a project with more allocations than one transaction can delete is refused (412).
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { groupDecider, groupStreamId, type GroupState } from '../../../../domain/nscale/group/evolve.js'
import {
  cascadeTooLarge, planCreateProject, planDeleteProject, planReplaceProject, tooManyAllocationsToCascade, type ProjectAllocations,
} from '../../../../domain/nscale/project/decide.js'
import { allocationGateKey, gateValue, isAllocationCreatedMeanwhile } from '../../../../domain/nscale/project/allocationGate.js'
import { allocationOwnerPrefix } from '../../../../domain/nscale/allocation/decide.js'
import { allocationDecider, allocationStreamId, type AllocationState } from '../../../../domain/nscale/allocation/evolve.js'
import type { ProjectEvent } from '../../../../domain/nscale/project/events.js'
import { liveProject, projectDecider, projectStreamId, type Project } from '../../../../domain/nscale/project/evolve.js'
import { NSCALE_PROJECT_LIST, NSCALE_PROJECT_PARTITION, type ProjectListItem } from '../../../../projections/nscale/projectList.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { answer, answerWith, readList, readMetadata, runCommand, transactionCapacity } from './resourceSupport.js'

export function renderProject(project: Project) {
  return {
    metadata: { ...readMetadata(project.id, project.metadata, project), organizationId: toUuid(project.organizationId) },
    spec: { groupIDs: project.groupIds.map(toUuid) },
  }
}

export async function loadProject(services: Pick<NscaleServices, 'store'>, organizationId: string, projectId: string): Promise<Project | undefined> {
  const streamId = projectStreamId(organizationId, projectId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return liveProject(fold(projectDecider, events as unknown as ProjectEvent[]))
}

async function loadGroups(ctx: Pick<CommandContext, 'load'>, organizationId: string, groupIds: readonly string[]): Promise<Map<string, GroupState>> {
  const groups = new Map<string, GroupState>()
  for (const groupId of new Set(groupIds)) groups.set(groupId, (await ctx.load(groupDecider, groupStreamId(organizationId, groupId))).state)
  return groups
}

export const projectHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDProjectsGet', async ({ input, caller, access, consistencyTokens, deps }) => {
    const organizationId = input.params.organizationID
    const projects = await readList<ProjectListItem>(deps.services, { consistencyTokens }, organizationId, NSCALE_PROJECT_LIST, NSCALE_PROJECT_PARTITION)
    if (isDomainError(projects)) return projects
    const decisions = await access.decide(
      caller,
      projects.map((project) => ({ endpoint: 'identity:projects', operation: 'read', level: 'project', organizationId, projectId: project.id })),
      consistencyTokens,
    )
    if (decisions.includes('stale')) return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
    return { body: projects.filter((_, index) => decisions[index] === 'allow').map(renderProject) }
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsPost', async ({ input, caller, meta, now, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const id = deps.ids.newId()
    const streamId = projectStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const groups = await loadGroups(ctx, organizationId, input.body.spec.groupIDs)
      const { state } = await ctx.load(projectDecider, streamId)
      const writes = planCreateProject(state, groups, { id, organizationId, metadata: input.body.metadata, groupIds: input.body.spec.groupIDs, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }, { scope: idempotency, status: 202, resourceIdOf: (created) => created })
    if (isDomainError(written)) return written
    const reload = async (projectId: string) => {
      const project = await loadProject(deps.services, organizationId, projectId)
      return project ? renderProject(project) : notFound('project', projectId)
    }
    return answerWith(written, reload, reload, 202)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDGet', async ({ input, deps }) => {
    const project = await loadProject(deps.services, input.params.organizationID, input.params.projectID)
    return project ? { body: renderProject(project) } : notFound('project', input.params.projectID)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDPut', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, projectID: id } = input.params
    const streamId = projectStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(projectDecider, streamId)
      const previous = liveProject(state)?.groupIds ?? []
      const groups = await loadGroups(ctx, organizationId, [...input.body.spec.groupIDs, ...previous])
      const writes = planReplaceProject(state, groups, { id, metadata: input.body.metadata, groupIds: input.body.spec.groupIDs, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDDelete', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, projectID: id } = input.params
    const streamId = projectStreamId(organizationId, id)
    const maxItems = transactionCapacity(idempotency)
    const plan = async (ctx: CommandContext) => {
      const { state } = await ctx.load(projectDecider, streamId)
      const project = liveProject(state)
      if (!project) return notFound('project', id)
      await loadGroups(ctx, organizationId, project.groupIds)
      const found = await findAllocations(ctx, deps.services, organizationId, id, maxItems)
      if (isDomainError(found)) return found
      const writes = planDeleteProject(state, found, { id, now, by: caller.subject, maxItems })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }
    for (let attempt = 0; ; attempt++) {
      const written = await runCommand(deps.services, meta, [streamId], plan, { scope: idempotency, status: 202, resourceIdOf: () => id })
      if (isDomainError(written) && isAllocationCreatedMeanwhile(written) && attempt < DELETE_RETRIES) continue
      return isDomainError(written) ? written : answer(written, 202)
    }
  }),
)

/** Decisions made again when allocations were created meanwhile; past this, the conflict is answered (409). */
const DELETE_RETRIES = 10

/**
 * The project's allocations, found through their owner reservations (one consistent Query) after the allocation
 * gate was read, each folded from its own stream inside the command, so that a concurrent write of one of them
 * conflicts on its stream. More than one transaction can delete is refused before any stream is read.
 */
async function findAllocations(
  ctx: CommandContext,
  services: Pick<NscaleServices, 'dynamo'>,
  organizationId: string,
  projectId: string,
  maxItems: number,
): Promise<ProjectAllocations | DomainError> {
  const gate = gateValue(await ctx.readState(allocationGateKey(organizationId, projectId)))
  const { dynamo } = services
  const prefix = allocationOwnerPrefix(organizationId, projectId)
  const ids: string[] = []
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await dynamo.doc.send(new QueryCommand({
      TableName: dynamo.tables.state, ConsistentRead: true, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.sk }, ProjectionExpression: '#owner', ExpressionAttributeNames: { '#owner': 'owner' },
      ExclusiveStartKey,
    }))
    for (const item of page.Items ?? []) ids.push(String(item.owner))
    if (tooManyAllocationsToCascade(ids.length, maxItems)) return cascadeTooLarge(projectId, ids.length, maxItems)
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey)
  const allocations: AllocationState[] = []
  for (const allocationId of new Set(ids)) allocations.push((await ctx.load(allocationDecider, allocationStreamId(organizationId, allocationId))).state)
  return { gate, allocations }
}
