// Groups (spec #34–38): bind users (memberships), service accounts and roles. Role grants are checked against the
// caller's own grants (escalation.ts); members must exist (400, spec §9 #23); a deleted group leaves its projects.
import { fold } from '../../../../domain/core/decider.js'
import { invalidArgument, isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { planCreateGroup, planDeleteGroup, planReplaceGroup, type GroupSpec, type Writes } from '../../../../domain/nscale/group/decide.js'
import type { GroupEvent } from '../../../../domain/nscale/group/events.js'
import { groupDecider, groupStreamId, liveGroup, without, type Group } from '../../../../domain/nscale/group/evolve.js'
import { planRemoveGroupFromProject } from '../../../../domain/nscale/project/decide.js'
import { projectDecider, projectStreamId } from '../../../../domain/nscale/project/evolve.js'
import { liveServiceAccount, serviceAccountDecider, serviceAccountStreamId } from '../../../../domain/nscale/serviceAccount/evolve.js'
import { liveUser, userDecider, userStreamId } from '../../../../domain/nscale/user/evolve.js'
import { NSCALE_GROUP_LIST, NSCALE_GROUP_PARTITION, type GroupListItem } from '../../../../projections/nscale/groupList.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { checkRoleGrants } from './escalation.js'
import { answer, answerWith, readList, readMetadata, runCommand } from './resourceSupport.js'

export function renderGroup(group: Group) {
  return {
    metadata: { ...readMetadata(group.id, group.metadata, group), organizationId: toUuid(group.organizationId) },
    spec: { userIDs: group.userIds.map(toUuid), serviceAccountIDs: group.serviceAccountIds.map(toUuid), roleIDs: group.roleIds.map(toUuid) },
  }
}

export async function loadGroup(services: Pick<NscaleServices, 'store'>, organizationId: string, groupId: string): Promise<Group | undefined> {
  const streamId = groupStreamId(organizationId, groupId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return liveGroup(fold(groupDecider, events as unknown as GroupEvent[]))
}

/** Members a write adds must exist in the organization (users by membership id, service accounts by id). */
async function checkMembers(ctx: Pick<CommandContext, 'load'>, organizationId: string, users: readonly string[], accounts: readonly string[]): Promise<DomainError | undefined> {
  for (const userId of users) {
    if (!liveUser((await ctx.load(userDecider, userStreamId(organizationId, userId))).state)) {
      return invalidArgument('spec.userIDs', `user ${toUuid(userId)} does not exist`)
    }
  }
  for (const accountId of accounts) {
    if (!liveServiceAccount((await ctx.load(serviceAccountDecider, serviceAccountStreamId(organizationId, accountId))).state)) {
      return invalidArgument('spec.serviceAccountIDs', `service account ${toUuid(accountId)} does not exist`)
    }
  }
  return undefined
}

function specOf(body: { spec: { userIDs: string[]; serviceAccountIDs: string[]; roleIDs: string[] } }): GroupSpec {
  return { roleIds: body.spec.roleIDs, userIds: body.spec.userIDs, serviceAccountIds: body.spec.serviceAccountIDs }
}

export const groupHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDGroupsGet', async ({ input, consistencyTokens, deps }) => {
    const groups = await readList<GroupListItem>(deps.services, { consistencyTokens }, input.params.organizationID, NSCALE_GROUP_LIST, NSCALE_GROUP_PARTITION)
    return isDomainError(groups) ? groups : { body: groups.map(renderGroup) }
  }),

  operation('apiV1OrganizationsOrganizationIDGroupsPost', async ({ input, caller, access, meta, now, consistencyTokens, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const spec = specOf(input.body)
    const refused = await checkRoleGrants(access, caller, deps.services.rbac, organizationId, spec.roleIds, [], consistencyTokens)
    if (refused) return refused
    const id = deps.ids.newId()
    const streamId = groupStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const missing = await checkMembers(ctx, organizationId, spec.userIds, spec.serviceAccountIds)
      if (missing) return missing
      const { state } = await ctx.load(groupDecider, streamId)
      const writes = planCreateGroup(state, { id, organizationId, metadata: input.body.metadata, spec, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }, { scope: idempotency, status: 201, resourceIdOf: (created) => created })
    if (isDomainError(written)) return written
    const reload = async (groupId: string) => {
      const group = await loadGroup(deps.services, organizationId, groupId)
      return group ? renderGroup(group) : notFound('group', groupId)
    }
    return answerWith(written, reload, reload, 201)
  }),

  operation('apiV1OrganizationsOrganizationIDGroupsGroupidGet', async ({ input, deps }) => {
    const group = await loadGroup(deps.services, input.params.organizationID, input.params.groupid)
    return group ? { body: renderGroup(group) } : notFound('group', input.params.groupid)
  }),

  operation('apiV1OrganizationsOrganizationIDGroupsGroupidPut', async ({ input, caller, access, meta, now, consistencyTokens, idempotency, deps }) => {
    const { organizationID: organizationId, groupid: id } = input.params
    const current = await loadGroup(deps.services, organizationId, id)
    if (!current) return notFound('group', id)
    const spec = specOf(input.body)
    const refused = await checkRoleGrants(access, caller, deps.services.rbac, organizationId, spec.roleIds, current.roleIds, consistencyTokens)
    if (refused) return refused
    const streamId = groupStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(groupDecider, streamId)
      const group = liveGroup(state)
      if (!group) return notFound('group', id)
      const missing = await checkMembers(ctx, organizationId, without(spec.userIds, group.userIds), without(spec.serviceAccountIds, group.serviceAccountIds))
      if (missing) return missing
      const writes = planReplaceGroup(state, { id, metadata: input.body.metadata, spec, now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written)
  }),

  operation('apiV1OrganizationsOrganizationIDGroupsGroupidDelete', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, groupid: id } = input.params
    const streamId = groupStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(groupDecider, streamId)
      const deleted = planDeleteGroup(state, { id, now, by: caller.subject })
      if (isDomainError(deleted)) return deleted
      const parts: Writes[] = [deleted]
      for (const projectId of liveGroup(state)?.projectIds ?? []) {
        const project = await ctx.load(projectDecider, projectStreamId(organizationId, projectId))
        parts.push(planRemoveGroupFromProject(project.state, id, { now, by: caller.subject }))
      }
      return { appends: parts.flatMap((part) => part.appends), extras: parts.flatMap((part) => part.extras), result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written)
  }),
)
