// Projects (spec #39–43): `groupIDs` name the groups that act on the project; each must be a live group (400).
// The list is filtered to the projects the caller may read (upstream answers `[]`, never 403). Provisioning is
// synchronous here (spec §9 #13, option a): a project is `provisioned/healthy` from its creation (202), and a
// deleted project is gone at once (404).
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { groupDecider, groupStreamId, type GroupState } from '../../../../domain/nscale/group/evolve.js'
import { planCreateProject, planDeleteProject, planReplaceProject } from '../../../../domain/nscale/project/decide.js'
import type { ProjectEvent } from '../../../../domain/nscale/project/events.js'
import { liveProject, projectDecider, projectStreamId, type Project } from '../../../../domain/nscale/project/evolve.js'
import { NSCALE_PROJECT_LIST, NSCALE_PROJECT_PARTITION, type ProjectListItem } from '../../../../projections/nscale/projectList.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { readList, readMetadata, runCommand } from './resourceSupport.js'

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

  operation('apiV1OrganizationsOrganizationIDProjectsPost', async ({ input, caller, meta, now, deps }) => {
    const organizationId = input.params.organizationID
    const id = deps.ids.newId()
    const streamId = projectStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const groups = await loadGroups(ctx, organizationId, input.body.spec.groupIDs)
      const { state } = await ctx.load(projectDecider, streamId)
      const writes = planCreateProject(state, groups, { id, organizationId, metadata: input.body.metadata, groupIds: input.body.spec.groupIDs, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    })
    if (isDomainError(written)) return written
    const project = await loadProject(deps.services, organizationId, id)
    return project ? { status: 202, body: renderProject(project), consistencyToken: written.token } : notFound('project', id)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDGet', async ({ input, deps }) => {
    const project = await loadProject(deps.services, input.params.organizationID, input.params.projectID)
    return project ? { body: renderProject(project) } : notFound('project', input.params.projectID)
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDPut', async ({ input, caller, meta, now, deps }) => {
    const { organizationID: organizationId, projectID: id } = input.params
    const streamId = projectStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(projectDecider, streamId)
      const previous = liveProject(state)?.groupIds ?? []
      const groups = await loadGroups(ctx, organizationId, [...input.body.spec.groupIDs, ...previous])
      const writes = planReplaceProject(state, groups, { id, metadata: input.body.metadata, groupIds: input.body.spec.groupIDs, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    })
    return isDomainError(written) ? written : { consistencyToken: written.token }
  }),

  operation('apiV1OrganizationsOrganizationIDProjectsProjectIDDelete', async ({ input, caller, meta, now, deps }) => {
    const { organizationID: organizationId, projectID: id } = input.params
    const streamId = projectStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(projectDecider, streamId)
      await loadGroups(ctx, organizationId, liveProject(state)?.groupIds ?? [])
      const writes = planDeleteProject(state, { id, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    })
    return isDomainError(written) ? written : { status: 202, consistencyToken: written.token }
  }),
)
