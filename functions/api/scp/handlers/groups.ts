// SCP groups (GRP-1..5), members (GMB-1..3) and group policy bindings (GPB-1..3). Writes plan with the group
// aggregate (domain/scp/group), members' and policies' links in the same request; GetGroup, the member list and
// the group's policies fold the group's own streams; ListGroups reads the group list projection.
// Decisions: adding a member twice answers the member as it is; removing a user that is not a member is 404;
// deleting a group unbinds its policies; `roles` is always [] and `has_role=true` matches nothing (§6.47).
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { ulidIds, type Id } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { groupDecider, groupStream, liveGroup, type Group } from '../../../../domain/scp/group/evolve.js'
import { loadUsers, planCreateGroup, planDeleteGroup, planGroupMembers, planModifyGroup } from '../../../../domain/scp/group/plan.js'
import { linksDecider, linksStream } from '../../../../domain/scp/links/evolve.js'
import { loadBindingStates } from '../../../../domain/scp/policy/bind.js'
import { livePolicy } from '../../../../domain/scp/policy/evolve.js'
import { SCP_GROUP_LIST, SCP_GROUP_LIST_PARTITION, type GroupListItem } from '../../../../projections/scp/groupList.js'
import { defineHandlers, operation, type ScpRequest } from '../operation.js'
import { contains, paginate } from '../paging.js'
import { renderGroupSummary } from './bindingViews.js'
import { coveredFor } from '../../../projector/organizationReads.js'
import {
  GroupCreateRequest, GroupListQuery, GroupMemberCreateRequest, GroupMemberCreateResponse, GroupMemberListQuery, GroupMemberPageResponse, GroupPageResponse,
  GroupSetRequest, GroupShowResponse,
} from './groupSchemas.js'
import { canonicalFilter, canonicalIds } from './identityIds.js'
import { boundPolicies, changeIdentityPolicies, listIdentityPolicies } from './identityPolicies.js'
import { foldAll, loadGroups, loadPeople, loadPolicies, peopleOf, personOf, wireTime, type PersonCard } from './identityViews.js'
import { respond, respondEmpty, runWrite } from './identityWrites.js'
import { BoundPolicyListQuery, GroupPolicyResponse, PolicyIdsRequest, PolicyPageResponse } from './policySchemas.js'

type Request = Pick<ScpRequest, 'services' | 'organizationId'>

async function loadGroup(request: Request, groupId: Id): Promise<Group | DomainError> {
  return (await loadGroups(request.services, request.organizationId, [groupId])).get(groupId) ?? notFound('group', groupId)
}

function renderMember(member: Group['members'][number], people: ReadonlyMap<string, PersonCard>, groupNames: string[]) {
  const user = personOf(people, member.userId)
  const creator = personOf(people, member.addedBy)
  return {
    created_at: wireTime(member.addedAt),
    created_by: member.addedBy,
    creator_created_at: wireTime(creator.createdAt),
    creator_email: creator.email,
    creator_last_login_at: wireTime(creator.lastLoginAt),
    creator_name: creator.name,
    group_names: groupNames,
    user_created_at: wireTime(user.createdAt),
    user_email: user.email,
    user_id: member.userId,
    user_last_login_at: wireTime(user.lastLoginAt),
    user_name: user.name,
  }
}

/** Members with the names of every group each belongs to (their links). */
async function renderMembers(request: Request, members: Group['members'], people: ReadonlyMap<string, PersonCard>) {
  const links = await foldAll(request.services, linksDecider, members.map((member) => linksStream(request.organizationId, member.userId)))
  const groups = await loadGroups(request.services, request.organizationId, [...new Set(links.flatMap((link) => link.groupIds))])
  return members.map((member, index) => renderMember(member, people, links[index]!.groupIds.flatMap((id) => groups.get(id)?.name ?? [])))
}

/** A group in full: members and bound policies included (the group's own streams). */
async function renderGroups(request: Request, groups: readonly Group[]) {
  const people = await loadPeople(request.services, request.organizationId, peopleOf([], groups))
  return Promise.all(groups.map(async (group) => ({
    ...renderGroupSummary(group, people, request.services.srnEnv),
    members: await renderMembers(request, group.members, people),
    policies: await boundPolicies(request, group.id),
    roles: [],
  })))
}

async function showGroup(request: Request, groupId: Id) {
  const group = await loadGroup(request, groupId)
  if (isDomainError(group)) return group
  const [view] = await renderGroups(request, [group])
  return { group: view }
}

type MembersCommand = 'AddGroupMembers' | 'RemoveGroupMembers'

async function changeMembers(request: ScpRequest, groupId: Id, userId: Id, type: MembersCommand) {
  const { organizationId, now, principal } = request
  const stream = groupStream(organizationId, groupId)
  return runWrite(request, {
    serializeOn: [stream, linksStream(organizationId, userId)],
    status: type === 'AddGroupMembers' ? 200 : 204,
    resourceIdOf: () => groupId,
    plan: async (ctx) => {
      const { state } = await ctx.load(groupDecider, stream)
      const group = liveGroup(state)
      if (!group) return notFound('group', groupId)
      if (type === 'RemoveGroupMembers' && !group.members.some((member) => member.userId === userId)) return notFound('group_member', userId)
      const users = await loadUsers(ctx, organizationId, [userId], groupId)
      const writes = planGroupMembers(state, users, { type, organizationId, id: groupId, at: now.toISOString(), by: principal.id, userIds: [userId] })
      return isDomainError(writes) ? writes : { writes, result: groupId }
    },
  })
}

async function deleteGroup(request: ScpRequest, groupId: Id, ctx: CommandContext) {
  const { organizationId, now, principal } = request
  const { state } = await ctx.load(groupDecider, groupStream(organizationId, groupId))
  const { state: links } = await ctx.load(linksDecider, linksStream(organizationId, groupId))
  const bindings = await loadBindingStates(ctx, organizationId, links.policyIds.map((policyId) => ({ policyId, identityType: 'GROUP' as const, identityId: groupId, bind: false })))
  return planDeleteGroup(state, links, bindings, { type: 'DeleteGroup', organizationId, id: groupId, at: now.toISOString(), by: principal.id })
}

function groupMatches(group: GroupListItem, view: { creator_name: string; creator_email: string; modifier_name: string; modifier_email: string }, query: ReturnType<typeof GroupListQuery.parse>, excluded: ReadonlySet<string>): boolean {
  const ids = query.ids?.map((id) => canonicalFilter(id))
  const excludeUser = canonicalFilter(query.exclude_user_id)
  return contains(group.name, query.name) &&
    (query.types === undefined || query.types.length === 0 || query.types.includes(group.type)) &&
    (ids === undefined || ids.length === 0 || ids.includes(group.id)) &&
    (query.has_member === undefined || query.has_member === group.members.length > 0) &&
    (query.has_role === undefined || query.has_role === false) &&
    contains(view.creator_name, query.creator_name) &&
    contains(view.creator_email, query.creator_email) &&
    contains(view.modifier_name, query.modifier_name) &&
    contains(view.modifier_email, query.modifier_email) &&
    (excludeUser === undefined || !group.members.some((member) => member.userId === excludeUser)) &&
    !excluded.has(group.id)
}

export const groupHandlers = defineHandlers(
  operation('CreateGroup', {
    body: GroupCreateRequest,
    response: GroupShowResponse,
    status: 201,
    handler: async (request) => {
      const { body, organizationId, now, principal } = request
      const userIds = canonicalIds('user_ids', body.user_ids)
      if (isDomainError(userIds)) return userIds
      const policyIds = canonicalIds('policy_ids', body.policy_ids)
      if (isDomainError(policyIds)) return policyIds
      const id = ulidIds.newId()
      const outcome = await runWrite(request, {
        serializeOn: [groupStream(organizationId, id)],
        status: 201,
        resourceIdOf: () => id,
        plan: async (ctx) => {
          const command = { type: 'CreateGroup' as const, organizationId, id, at: now.toISOString(), by: principal.id, name: body.name, description: body.description ?? null, tags: body.tags ?? [] }
          const users = await loadUsers(ctx, organizationId, userIds, id)
          const bindings = await loadBindingStates(ctx, organizationId, policyIds.map((policyId) => ({ policyId, identityType: 'GROUP' as const, identityId: id, bind: true })))
          const missing = policyIds.find((policyId) => !livePolicy(bindings.policies.get(policyId) ?? { deleted: false }))
          if (missing) return notFound('policy', missing)
          const writes = planCreateGroup(command, users, userIds, bindings, policyIds)
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      const reload = (groupId: string) => showGroup(request, groupId)
      return respond(outcome, reload, reload)
    },
  }),

  operation('GetGroup', {
    response: GroupShowResponse,
    handler: async (request) => {
      const shown = await showGroup(request, request.params.group_id!)
      return isDomainError(shown) ? shown : { body: shown }
    },
  }),

  operation('ListGroups', {
    query: GroupListQuery,
    response: GroupPageResponse,
    handler: async (request) => {
      const { services, organizationId, query } = request
      const stale = await coveredFor(services.projector, organizationId, SCP_GROUP_LIST, request.consistencyTokens)
      if (stale) return stale
      const entries = await services.readStore.query<GroupListItem>(SCP_GROUP_LIST, organizationId, SCP_GROUP_LIST_PARTITION)
      const groups = entries.map(({ model }) => model)
      const excludePolicy = canonicalFilter(query.exclude_policy_id)
      const excluded = new Set(excludePolicy ? (await loadPolicies(services, organizationId, [excludePolicy])).get(excludePolicy)?.bindings
        .filter((binding) => binding.identityType === 'GROUP').map((binding) => binding.identityId) ?? [] : [])
      const people = await loadPeople(services, organizationId, [...new Set(groups.flatMap((group) => [group.createdBy, group.modifiedBy]))])
      const matching = groups.filter((group) => groupMatches(group, renderGroupSummary(group, people, services.srnEnv), query, excluded))
      const page = paginate(matching, query, {
        sortKeys: { created_at: (group) => group.createdAt, modified_at: (group) => group.modifiedAt, name: (group) => group.name },
        defaultSort: 'created_at:desc',
        idOf: (group) => group.id,
      })
      return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, groups: await renderGroups(request, page.items) } }
    },
  }),

  operation('ModifyGroup', {
    body: GroupSetRequest,
    response: GroupShowResponse,
    handler: async (request) => {
      const { body, organizationId, now, principal, params } = request
      const id = params.group_id!
      const stream = groupStream(organizationId, id)
      const outcome = await runWrite(request, {
        serializeOn: [stream],
        resourceIdOf: () => id,
        plan: async (ctx) => {
          const { state } = await ctx.load(groupDecider, stream)
          const writes = planModifyGroup(state, { type: 'ModifyGroup', organizationId, id, at: now.toISOString(), by: principal.id, name: body.name, description: body.description ?? null })
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      const reload = (groupId: string) => showGroup(request, groupId)
      return respond(outcome, reload, reload)
    },
  }),

  operation('DeleteGroup', {
    handler: async (request) => {
      const id = request.params.group_id!
      const outcome = await runWrite(request, {
        serializeOn: [groupStream(request.organizationId, id), linksStream(request.organizationId, id)],
        status: 204,
        resourceIdOf: () => id,
        plan: async (ctx) => {
          const writes = await deleteGroup(request, id, ctx)
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      return respondEmpty(outcome)
    },
  }),

  operation('AddGroupMember', {
    body: GroupMemberCreateRequest,
    response: GroupMemberCreateResponse,
    handler: async (request) => {
      const groupId = request.params.group_id!
      const [userId] = canonicalIds('user_id', [request.body.user_id]) as Id[]
      if (!userId) return notFound('user', request.body.user_id)
      const outcome = await changeMembers(request, groupId, userId, 'AddGroupMembers')
      const answer = async () => {
        const group = await loadGroup(request, groupId)
        if (isDomainError(group)) return group
        const member = group.members.find((candidate) => candidate.userId === userId)
        if (!member) return notFound('group_member', userId)
        const people = await loadPeople(request.services, request.organizationId, [member.userId, member.addedBy])
        const { created_at, created_by, creator_email, creator_name, user_email, user_id, user_name } = renderMember(member, people, [])
        return { group_member: { created_at, created_by, creator_email, creator_name, user_email, user_id, user_name } }
      }
      return respond(outcome, answer, answer)
    },
  }),

  operation('ListGroupMembers', {
    query: GroupMemberListQuery,
    response: GroupMemberPageResponse,
    handler: async (request) => {
      const { query } = request
      const group = await loadGroup(request, request.params.group_id!)
      if (isDomainError(group)) return group
      const people = await loadPeople(request.services, request.organizationId, peopleOf([], [group]))
      const matching = group.members.filter((member) => {
        const user = personOf(people, member.userId)
        const creator = personOf(people, member.addedBy)
        return contains(user.name, query.user_name) && contains(user.email, query.user_email) && contains(creator.name, query.creator_name) && contains(creator.email, query.creator_email)
      })
      const page = paginate(matching, query, {
        sortKeys: { created_at: (member) => member.addedAt, user_name: (member) => personOf(people, member.userId).name, user_email: (member) => personOf(people, member.userId).email },
        defaultSort: 'created_at:asc',
        idOf: (member) => member.userId,
      })
      return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, group_members: await renderMembers(request, page.items, people) } }
    },
  }),

  operation('RemoveGroupMember', {
    handler: async (request) => respondEmpty(await changeMembers(request, request.params.group_id!, request.params.user_id!, 'RemoveGroupMembers')),
  }),

  operation('AttachGroupPolicies', {
    body: PolicyIdsRequest,
    response: GroupPolicyResponse,
    handler: (request) => changeIdentityPolicies(request, 'GROUP', request.params.group_id!, request.body.policy_ids, true, (policies) => ({ policies })),
  }),

  operation('ListGroupPolicies', {
    query: BoundPolicyListQuery,
    response: PolicyPageResponse,
    handler: async (request) => {
      const group = await loadGroup(request, request.params.group_id!)
      return isDomainError(group) ? group : { body: await listIdentityPolicies(request, group.id) }
    },
  }),

  operation('DetachGroupPolicy', {
    handler: (request) => changeIdentityPolicies(request, 'GROUP', request.params.group_id!, [request.params.policy_id!], false, () => undefined),
  }),
)
