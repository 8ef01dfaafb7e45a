// Users (spec §1.3): ListUsers, CreateUser, GetUser, UpdateUser, DeleteUser, UpdateUserUsername, UpdateUserPassword,
// LockUser, UnlockUser. Writes plan with domain/scaleway's user plans and render the state they leave; `locked` is
// the principal's. Passwords reach the state table only as scrypt hashes (passwordItem.ts), never an event.
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext, Extra } from '../../../../domain/core/ports.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/index.js'
import {
  decideUser, liveUser, planCreateUser, planLockUser, planUnlockUser, planUpdateUser,
  planUpdateUserPassword, planUpdateUserUsername, stateAfter, userDecider, userLocked, userStream,
  type MemberDetails, type PlannedWrites, type ProfileChanges, type UserCommand,
} from '../../../../domain/scaleway/index.js'
import { USER_LIST, USER_LIST_PARTITION, type UserListItem } from '../../../../projections/scaleway/userList.js'
import type { Notification } from '../../../notify/index.js'
import { defineHandlers, operation, type OperationRequest } from '../operation.js'
import { anyTagContains, equals, oneOf, paginate } from '../paging.js'
import type { OperationId } from '../routes/index.js'
import { planUserDeletion } from '../../../core/userDeletion.js'
import { passwordWrite } from './passwordItem.js'
import { respond, respondEmpty, runWrite, type WriteOutcome } from './command.js'
import { lockedPrincipals } from './principalStatus.js'
import { readModels } from './readModels.js'
import { loadUser, renderLoadedUser, renderUser, USER_SORT_KEYS, userTypeMatches, type LoadedUser, type UserBody } from './userViews.js'

type Creation = Extract<UserCommand, { type: 'InviteUser' | 'CreateMember' }>

export const userHandlers = defineHandlers(
  operation('ListUsers', async (request) => {
    const { query } = request.input
    const users = await readModels<UserListItem>(request.deps.services, request, USER_LIST, USER_LIST_PARTITION)
    if (isDomainError(users)) return users
    const page = paginate(users, {
      filter: (user) => oneOf(user.id, query.user_ids) && equals(user.mfa, query.mfa) && anyTagContains(user.tags, query.tag) && userTypeMatches(user, query.type),
      orderBy: query.order_by,
      sortKeys: USER_SORT_KEYS,
      tieBreaker: (user) => user.id,
      page: query.page,
      pageSize: query.page_size,
    })
    const locked = await lockedPrincipals(request.deps.services.dynamo, request.organizationId, page.items.map((user) => user.id))
    return { body: { users: page.items.map((user) => renderUser(user, locked.has(user.id))), total_count: page.total_count } }
  }),

  operation('GetUser', async ({ input, organizationId, deps }) => {
    const body = renderLoadedUser(await loadUser(deps.services.store, organizationId, input.params.user_id))
    return body ? { body } : notFound('user', input.params.user_id)
  }),

  operation('CreateUser', async (request) => {
    const { input, organizationId, now, deps } = request
    const id = deps.ids.newId()
    const command = creation(input.body, { organizationId, id, at: now.toISOString() })
    // Validated before the password is hashed, and hashed before the command runs (a retried plan does not hash again).
    const invalid = decideUser({ deleted: false }, command)
    if (isDomainError(invalid)) return invalid
    const passwordExtras: Extra[] = command.type === 'CreateMember' ? [await passwordWrite(organizationId, id, command.member.password, now)] : []
    const outcome = await runWrite(request, {
      serializeOn: [userStream(organizationId, id)],
      resourceIdOf: (user) => user.id,
      plan: async () => {
        const writes = planCreateUser(command, { passwordExtras })
        if (isDomainError(writes)) return writes
        return { writes, result: renderUser(stateAfter(userDecider, { deleted: false }, writes, userStream(organizationId, id)).user!, false) }
      },
    })
    if (!isDomainError(outcome) && !outcome.replayed) await notify(request, creationNotifications(input.body, outcome.result, organizationId))
    return userResponse(request, outcome)
  }),

  operation('UpdateUser', async (request) => {
    const { input, organizationId, now } = request
    const id = input.params.user_id
    const { email, first_name, last_name, phone_number, locale, tags } = input.body
    const changes: ProfileChanges = defined({ email, firstName: first_name, lastName: last_name, phoneNumber: phone_number, locale, tags })
    return userResponse(request, await writeUser(request, id, (loaded) =>
      planUpdateUser(loaded.state, { organizationId, id, type: 'UpdateUser', changes, at: now.toISOString() })))
  }),

  operation('DeleteUser', async (request) => {
    const { input, organizationId, now } = request
    const id = input.params.user_id
    const outcome = await runWrite(request, {
      serializeOn: [userStream(organizationId, id)],
      resourceIdOf: () => id,
      status: 204,
      plan: async (ctx) => {
        const writes = await planUserDeletion(ctx, { organizationId, userId: id, at: now.toISOString(), by: request.principal.id })
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),

  operation('UpdateUserUsername', async (request) => {
    const { input, organizationId, now } = request
    const id = input.params.user_id
    return userResponse(request, await writeUser(request, id, (loaded) =>
      planUpdateUserUsername(loaded.state, { organizationId, id, type: 'UpdateUserUsername', username: input.body.username, at: now.toISOString() })))
  }),

  operation('UpdateUserPassword', async (request) => {
    const { input, organizationId, now } = request
    const id = input.params.user_id
    const write = await passwordWrite(organizationId, id, input.body.password, now)
    const outcome = await writeUser(request, id, (loaded) =>
      planUpdateUserPassword(loaded.state, { organizationId, id, type: 'UpdateUserPassword', password: input.body.password, at: now.toISOString() }, [write]))
    if (!isDomainError(outcome) && !outcome.replayed && outcome.result.email !== '') {
      await notify(request, [message(organizationId, outcome.result, 'password_changed')])
    }
    return userResponse(request, outcome)
  }),

  operation('LockUser', async (request) => {
    const { organizationId } = request
    const id = request.input.params.user_id
    return userResponse(request, await writeUser(request, id, (loaded) => planLockUser(loaded.state, loaded.principal, { organizationId, id })))
  }),

  operation('UnlockUser', async (request) => {
    const { organizationId } = request
    const id = request.input.params.user_id
    return userResponse(request, await writeUser(request, id, (loaded) => planUnlockUser(loaded.state, loaded.principal, { organizationId, id })))
  }),
)

type UserRequest = OperationRequest<OperationId>

/** A change of one existing user, rendered as the user (and its lock) after it. */
function writeUser(request: UserRequest, id: string, decide: (loaded: LoadedUser) => PlannedWrites | DomainError): Promise<WriteOutcome<UserBody>> {
  const { organizationId } = request
  return runWrite(request, {
    serializeOn: [userStream(organizationId, id)],
    resourceIdOf: () => id,
    plan: async (ctx) => {
      const loaded = await loadInContext(ctx, organizationId, id)
      if (!liveUser(loaded.state)) return notFound('user', id)
      const writes = decide(loaded)
      if (isDomainError(writes)) return writes
      const user = stateAfter(userDecider, loaded.state, writes, userStream(organizationId, id)).user!
      const principal = stateAfter(principalDecider, loaded.principal, writes, principalStreamId(organizationId, id))
      return { writes, result: renderUser(user, userLocked(principal)) }
    },
  })
}

async function loadInContext(ctx: CommandContext, organizationId: string, id: string): Promise<LoadedUser> {
  const [{ state }, { state: principal }] = await Promise.all([
    ctx.load(userDecider, userStream(organizationId, id)),
    ctx.load(principalDecider, principalStreamId(organizationId, id)),
  ])
  return { state, principal }
}

/** The user a write left, or on a replay (Idempotency-Key) the user as it is now. */
function userResponse(request: UserRequest, outcome: WriteOutcome<UserBody>) {
  return respond(outcome, (user) => user, async (id) =>
    renderLoadedUser(await loadUser(request.deps.services.store, request.organizationId, id)) ?? notFound('user', id))
}

type CreateUserBody = OperationRequest<'CreateUser'>['input']['body']

/** CreateUser's one-of `type`: an e-mail invites a guest, `member` creates a member (empty strings = not given). */
function creation(body: CreateUserBody, target: { organizationId: string; id: string; at: string }): Creation {
  const { member } = body
  if (!member) return { ...target, type: 'InviteUser', email: body.email ?? '', tags: body.tags }
  const details: MemberDetails = {
    username: member.username ?? '',
    password: member.password ?? '',
    ...defined({ email: member.email || undefined, firstName: member.first_name, lastName: member.last_name, phoneNumber: member.phone_number, locale: member.locale }),
  }
  return { ...target, type: 'CreateMember', member: details, tags: body.tags }
}

function creationNotifications(body: CreateUserBody, user: UserBody, organizationId: string): Notification[] {
  if (user.email === '') return []
  if (!body.member) return [message(organizationId, user, 'invitation')]
  return [
    ...(body.member.send_welcome_email ? [message(organizationId, user, 'welcome')] : []),
    ...(body.member.send_password_email ? [message(organizationId, user, 'password_set')] : []),
  ]
}

function message(organizationId: string, user: UserBody, template: Notification['template']): Notification {
  return {
    organizationId,
    to: user.email,
    template,
    data: { organization_id: toUuid(organizationId), user_id: toUuid(user.id), username: user.username, email: user.email },
  }
}

/** Notifications follow the committed change; one that cannot be sent is reported, the change stands. */
async function notify(request: Pick<UserRequest, 'deps' | 'meta'>, notifications: Notification[]): Promise<void> {
  for (const notification of notifications) {
    try {
      await request.deps.services.notifier.send(notification)
    } catch (error) {
      request.deps.logError?.('notification not sent', { template: notification.template, requestId: request.meta.requestId, error: String(error) })
    }
  }
}

function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}
