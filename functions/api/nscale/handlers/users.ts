// Users (spec #25–28): memberships of people, by subject (an e-mail address), in the organization. `groupIDs` are
// derived from the groups on read and reconciled on write (the groups own membership, spec §9 #23), in the same
// transaction as the membership. One membership per (organization, subject): 409. DELETE answers 200 (the
// document's status; upstream writes 202, spec §9 #3).
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/evolve.js'
import { planMemberGroups, type Writes } from '../../../../domain/nscale/group/decide.js'
import { groupDecider, groupStreamId, type GroupState } from '../../../../domain/nscale/group/evolve.js'
import { planCreateUser, planDeleteUser, planUpdateUser } from '../../../../domain/nscale/user/decide.js'
import type { UserEvent } from '../../../../domain/nscale/user/events.js'
import { liveUser, userDecider, userStreamId, type User } from '../../../../domain/nscale/user/evolve.js'
import { NSCALE_USER_LIST, NSCALE_USER_PARTITION, type UserListItem } from '../../../../projections/nscale/userList.js'
import { memberSignup } from '../../../oidc/people.js'
import type { NscaleDeps, NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { groupIdsOf, memberGroupIds } from './groupMembership.js'
import { answer, readList, readMetadata, runCommand, type Replayed } from './resourceSupport.js'

/** Users have no name of their own: upstream renders "undefined" (spec §4.6). */
const USER_NAME = 'undefined'

/** `lastActive`: the person's last sign-in or refresh through the OIDC provider, if any. */
export function renderUser(user: User, groupIds: readonly string[], lastActive?: string) {
  return {
    metadata: { ...readMetadata(user.id, { name: USER_NAME }, user), organizationId: toUuid(user.organizationId) },
    spec: { subject: user.subject, state: user.state, groupIDs: groupIds.map(toUuid) },
    status: lastActive ? { lastActive } : {},
  }
}

async function lastActiveOf(deps: Pick<NscaleDeps, 'memberships'>, subject: string): Promise<string | undefined> {
  return (await deps.memberships.lastActive([subject])).get(subject)
}

async function loadUser(services: Pick<NscaleServices, 'store'>, organizationId: string, userId: string): Promise<User | undefined> {
  const streamId = userStreamId(organizationId, userId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return liveUser(fold(userDecider, events as unknown as UserEvent[]))
}

/** A user re-rendered for a replayed write: as it is now, its groups once the write's token is projected. */
async function replayedUser(services: NscaleServices, organizationId: string, written: Replayed) {
  const user = await loadUser(services, organizationId, written.resourceId)
  return user ? renderUser(user, await memberGroupIds(services, organizationId, user.id, [written.token])) : notFound('user', written.resourceId)
}

/** The member's groups reconciled to `wanted`, read consistently inside the command. */
async function reconcile(
  ctx: Pick<CommandContext, 'load'>,
  organizationId: string,
  userId: string,
  current: readonly string[],
  wanted: readonly string[],
  command: { now: Date; by: string },
): Promise<Writes | DomainError> {
  const groups = new Map<string, GroupState>()
  for (const groupId of new Set([...current, ...wanted])) groups.set(groupId, (await ctx.load(groupDecider, groupStreamId(organizationId, groupId))).state)
  return planMemberGroups(groups, { kind: 'user', id: userId }, wanted, command)
}

function merged(...parts: Writes[]): Writes {
  return { appends: parts.flatMap((part) => part.appends), extras: parts.flatMap((part) => part.extras) }
}

export const userHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDUsersGet', async ({ input, consistencyTokens, deps }) => {
    const organizationId = input.params.organizationID
    const users = await readList<UserListItem>(deps.services, { consistencyTokens }, organizationId, NSCALE_USER_LIST, NSCALE_USER_PARTITION)
    if (isDomainError(users)) return users
    const groupIds = await groupIdsOf(deps.services, organizationId, consistencyTokens)
    const sorted = [...users].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
    const active = await deps.memberships.lastActive(sorted.map((user) => user.subject))
    return { body: sorted.map((user) => renderUser(user, groupIds(user.id), active.get(user.subject))) }
  }),

  operation('apiV1OrganizationsOrganizationIDUsersPost', async ({ input, caller, meta, now, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const id = deps.ids.newId()
    const { subject, state, groupIDs } = input.body.spec
    const streamId = userStreamId(organizationId, id)
    const signup = memberSignup(deps.services, { clock: deps.clock, ids: deps.ids }, caller.identity)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state: before } = await ctx.load(userDecider, streamId)
      const created = planCreateUser(before, { id, organizationId, subject, state, now, by: caller.subject })
      if (isDomainError(created)) return created
      const groups = await reconcile(ctx, organizationId, id, [], groupIDs, { now, by: caller.subject })
      if (isDomainError(groups)) return groups
      const person = await signup.plan(ctx, { subject, organizationId, now, by: caller.subject })
      return { ...merged(created, groups, person), result: id }
    }, { scope: idempotency, status: 201, resourceIdOf: () => id })
    if (isDomainError(written)) return written
    if (written.replayed) return answer(written, 201, await replayedUser(deps.services, organizationId, written))
    // The member exists: a mail that could not go out is logged, not answered as the write's failure (adding the
    // person again sends a new link).
    await signup.send().catch((error: unknown) => deps.logError?.('signup e-mail not sent', { organizationId, error: String(error) }))
    const user = await loadUser(deps.services, organizationId, id)
    return user ? { status: 201, body: renderUser(user, [...new Set(groupIDs)], await lastActiveOf(deps, user.subject)), consistencyToken: written.token } : notFound('user', id)
  }),

  operation('apiV1OrganizationsOrganizationIDUsersUserIDPut', async ({ input, caller, meta, now, consistencyTokens, idempotency, deps }) => {
    const { organizationID: organizationId, userID: id } = input.params
    const { state, groupIDs } = input.body.spec
    const current = await memberGroupIds(deps.services, organizationId, id, consistencyTokens)
    const streamId = userStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state: before } = await ctx.load(userDecider, streamId)
      const principal = await ctx.load(principalDecider, principalStreamId(organizationId, id))
      const updated = planUpdateUser(before, principal.state, { id, state, now, by: caller.subject })
      if (isDomainError(updated)) return updated
      const groups = await reconcile(ctx, organizationId, id, current, groupIDs, { now, by: caller.subject })
      if (isDomainError(groups)) return groups
      return { ...merged(updated, groups), result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    if (isDomainError(written)) return written
    if (written.replayed) return answer(written, 200, await replayedUser(deps.services, organizationId, written))
    const user = await loadUser(deps.services, organizationId, id)
    return user ? { body: renderUser(user, [...new Set(groupIDs)], await lastActiveOf(deps, user.subject)), consistencyToken: written.token } : notFound('user', id)
  }),

  operation('apiV1OrganizationsOrganizationIDUsersUserIDDelete', async ({ input, caller, meta, now, consistencyTokens, idempotency, deps }) => {
    const { organizationID: organizationId, userID: id } = input.params
    const current = await memberGroupIds(deps.services, organizationId, id, consistencyTokens)
    const streamId = userStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(userDecider, streamId)
      const principal = await ctx.load(principalDecider, principalStreamId(organizationId, id))
      const deleted = planDeleteUser(state, principal.state, { id, now, by: caller.subject })
      if (isDomainError(deleted)) return deleted
      const groups = await reconcile(ctx, organizationId, id, current, [], { now, by: caller.subject })
      if (isDomainError(groups)) return groups
      return { ...merged(deleted, groups), result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written, 200)
  }),
)
