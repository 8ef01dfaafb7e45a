// Groups (spec §1.4, §4.3): CRUD and membership. Writes plan with the group aggregate (domain/scaleway/group) and
// link each member's own stream, so that deleting a member leaves its groups in the same request; GetGroup folds
// the group's stream (it reflects every acknowledged write, a deleted member's departure included); ListGroups
// reads the group list projection.
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import {
  groupDecider, groupStream, liveGroup, loadDependents, loadMembers, membersToLoad, noLinks, planCreateGroup, planDeleteGroup,
  planGroupMembers, planUpdateGroup, stateAfter, type Group, type GroupCommand, type GroupEvent, type Members,
} from '../../../../domain/scaleway/index.js'
import { GROUP_LIST, GROUP_LIST_PARTITION, type GroupListItem } from '../../../../projections/scaleway/groupList.js'
import type { ScalewayServices } from '../deps.js'
import { defineHandlers, operation, type OperationRequest } from '../operation.js'
import { anyTagContains, contains, oneOf, paginate } from '../paging.js'
import { respond, respondEmpty, runWrite } from './command.js'
import { groupCreationQuota } from './grantsBound.js'
import { readModels } from './readModels.js'

type GroupFields = Omit<Group, 'links'>

export function renderGroup(group: GroupFields) {
  return {
    id: group.id,
    created_at: group.createdAt,
    updated_at: group.updatedAt,
    organization_id: group.organizationId,
    name: group.name,
    description: group.description,
    user_ids: group.userIds,
    application_ids: group.applicationIds,
    tags: group.tags,
    editable: group.editable,
    deletable: group.deletable,
    managed: group.managed,
  }
}

/** A group of the organization by id, folded from its stream; another organization's group is not found alike. */
export async function loadGroup(services: Pick<ScalewayServices, 'store'>, organizationId: Id, groupId: Id): Promise<Group | DomainError> {
  const stream = groupStream(organizationId, groupId)
  const events = (await services.store.load([stream])).get(stream) ?? []
  return liveGroup(fold(groupDecider, events as unknown as GroupEvent[])) ?? notFound('group', groupId)
}

const reloadGroup = (services: ScalewayServices, organizationId: Id) => async (groupId: string) => {
  const group = await loadGroup(services, organizationId, groupId)
  return isDomainError(group) ? group : renderGroup(group)
}

type MembershipCommand = Extract<GroupCommand, { members: Members }>

/** AddGroupMember(s), SetGroupMembers, RemoveGroupMember: the named members (and, for a set, the current ones) are loaded. */
function changeMembers<Op extends 'AddGroupMember' | 'AddGroupMembers' | 'SetGroupMembers' | 'RemoveGroupMember'>(
  request: OperationRequest<Op>,
  type: MembershipCommand['type'],
  members: Members,
) {
  const { deps, principal } = request
  const organizationId = principal.organizationId
  const id = (request.input.params as { group_id: Id }).group_id
  const stream = groupStream(organizationId, id)
  return runWrite(request, {
    serializeOn: [stream],
    resourceIdOf: (group: Group) => group.id,
    plan: async (ctx: CommandContext) => {
      const { state } = await ctx.load(groupDecider, stream)
      const command = { type, organizationId, id, members, at: ctx.now.toISOString() } as MembershipCommand
      const loaded = await loadMembers(ctx, organizationId, membersToLoad(state, command))
      const writes = planGroupMembers(state, loaded, command)
      if (isDomainError(writes)) return writes
      return { writes, result: stateAfter(groupDecider, state, writes, stream).group! }
    },
  }).then((outcome) => respond(outcome, renderGroup, reloadGroup(deps.services, organizationId)))
}

const memberOf = (body: { user_id?: Id; application_id?: Id }): Members => ({
  userIds: body.user_id ? [body.user_id] : [],
  applicationIds: body.application_id ? [body.application_id] : [],
})

export const groupHandlers = defineHandlers(
  operation('ListGroups', async (request) => {
    const { input, deps } = request
    const query = input.query
    const groups = await readModels<GroupListItem>(deps.services, request, GROUP_LIST, GROUP_LIST_PARTITION)
    if (isDomainError(groups)) return groups
    const page = paginate(groups, {
      filter: (group) =>
        contains(group.name, query.name) &&
        anyTagContains(group.tags, query.tag) &&
        oneOf(group.id, query.group_ids) &&
        hasAnyMember(group, query.user_ids, query.application_ids),
      orderBy: query.order_by,
      sortKeys: { created_at: (group) => group.createdAt, updated_at: (group) => group.updatedAt, name: (group) => group.name },
      tieBreaker: (group) => group.id,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { groups: page.items.map(renderGroup), total_count: page.total_count } }
  }),

  operation('CreateGroup', async (request) => {
    const { input, deps, organizationId } = request
    const id = deps.ids.newId()
    const stream = groupStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (group: Group) => group.id,
      plan: async (ctx) => {
        const { name, description, tags } = input.body
        const command = { type: 'CreateGroup', organizationId, id, name, description, tags, at: ctx.now.toISOString() } as const
        const writes = planCreateGroup(command, await groupCreationQuota(ctx, organizationId))
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(groupDecider, { deleted: false }, writes, stream).group! }
      },
    })
    return respond(outcome, renderGroup, reloadGroup(deps.services, organizationId))
  }),

  operation('GetGroup', async ({ input, deps, principal }) => {
    const group = await loadGroup(deps.services, principal.organizationId, input.params.group_id)
    return isDomainError(group) ? group : { body: renderGroup(group) }
  }),

  operation('UpdateGroup', async (request) => {
    const { input, deps, principal } = request
    const organizationId = principal.organizationId
    const id = input.params.group_id
    const stream = groupStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (group: Group) => group.id,
      plan: async (ctx) => {
        const { state } = await ctx.load(groupDecider, stream)
        const { name, description, tags } = input.body
        const command = { type: 'UpdateGroup', organizationId, id, name, description, tags, at: ctx.now.toISOString() } as const
        const writes = planUpdateGroup(state, command)
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(groupDecider, state, writes, stream).group! }
      },
    })
    return respond(outcome, renderGroup, reloadGroup(deps.services, organizationId))
  }),

  operation('DeleteGroup', async (request) => {
    const { input, principal } = request
    const organizationId = principal.organizationId
    const id = input.params.group_id
    const stream = groupStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      status: 204,
      resourceIdOf: () => id,
      plan: async (ctx) => {
        const { state } = await ctx.load(groupDecider, stream)
        const links = liveGroup(state)?.links ?? noLinks()
        const { policies } = await loadDependents(ctx, organizationId, { ...noLinks(), policyIds: links.policyIds })
        const writes = planDeleteGroup(state, policies, { type: 'DeleteGroup', organizationId, id, at: ctx.now.toISOString() })
        return isDomainError(writes) ? writes : { writes, result: id }
      },
    })
    return respondEmpty(outcome)
  }),

  operation('AddGroupMember', (request) => changeMembers(request, 'AddGroupMembers', memberOf(request.input.body))),
  operation('AddGroupMembers', (request) =>
    changeMembers(request, 'AddGroupMembers', { userIds: request.input.body.user_ids, applicationIds: request.input.body.application_ids }),
  ),
  operation('SetGroupMembers', (request) =>
    changeMembers(request, 'SetGroupMembers', { userIds: request.input.body.user_ids, applicationIds: request.input.body.application_ids }),
  ),
  operation('RemoveGroupMember', (request) => changeMembers(request, 'RemoveGroupMembers', memberOf(request.input.body))),
)

/**
 * `user_ids` and `application_ids` select groups by membership: a group matches when any named user or application
 * belongs to it (the two lists combine with OR, "all groups certain users or applications belong to").
 */
function hasAnyMember(group: GroupListItem, userIds: readonly string[] | undefined, applicationIds: readonly string[] | undefined): boolean {
  if (userIds === undefined && applicationIds === undefined) return true
  return (userIds ?? []).some((id) => group.userIds.includes(id)) || (applicationIds ?? []).some((id) => group.applicationIds.includes(id))
}
