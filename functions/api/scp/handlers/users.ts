// Account users (USR-1..7). An SCP account user is the organization's user profile (domain/scaleway user: one
// profile per person, whatever the surface), with SCP's settings on its `scp-user` stream, written in the same
// request. Passwords reach the state table only as scrypt hashes (functions/auth/passwords.ts); the create and
// password answers echo the password the caller sent, as the document shows, and nothing stores it in clear.
// Decisions: user_name is the username (unique per account, any case); group_ids/policy_ids on create must be
// empty (bind with the members and policy-binding operations); deleting the owner is refused (412); a bulk delete
// checks every id first (an unknown one: 404, nothing deleted), then deletes each user in its own request; deleting a user revokes its Scaleway API keys and leaves its Scaleway groups in the same
// request (domain/scaleway cascade), its SCP access keys fail authentication at once (its principal is deleted), and it leaves its SCP groups and
// policy bindings in that same request (functions/core/userDeletion.ts, whichever surface deletes the user).
import { invalidArgument, isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import {
  combine, decideUser, liveUser, planCreateUser, planUpdateUserPassword, userDecider, userStream, writes,
  type PlannedWrites, type UserCommand,
} from '../../../../domain/scaleway/index.js'
import { ScpUserSettingsSet } from '../../../../domain/scp/user/events.js'
import { scpUserDecider, scpUserStream } from '../../../../domain/scp/user/evolve.js'
import { linksDecider, linksStream } from '../../../../domain/scp/links/evolve.js'
import { USER_LIST, USER_LIST_PARTITION, type UserListItem } from '../../../../projections/scaleway/userList.js'
import { passwordWrite } from '../../../auth/passwords.js'
import { planUserDeletion } from '../../../core/userDeletion.js'
import { defineHandlers, operation, type ScpRequest } from '../operation.js'
import { contains, paginate } from '../paging.js'
import {
  IAMCreateUserResponse, IAMUserCreateRequest, IAMUserDeleteRequest, IAMUserDetailResponse, IAMUserPasswordUpdateRequest, IAMUserUpdateRequest,
  ListIAMUserResponse, ListUsersQuery, UserResponse,
} from '../schemas/users.js'
import { coveredFor } from '../../../projector/organizationReads.js'
import { groupNames, loadAccountUser, loadAccountUsers, renderCreatedUser, renderUserBase, renderUserDetail, renderUserListItem } from './userViews.js'

const SORT_KEYS = {
  created_at: (user: UserListItem) => user.createdAt,
  modified_at: (user: UserListItem) => user.updatedAt,
  user_name: (user: UserListItem) => user.username,
  email: (user: UserListItem) => user.email,
}

export const userHandlers = defineHandlers(
  operation('CreateUser', {
    summary: 'Create IAM user',
    body: IAMUserCreateRequest,
    response: IAMCreateUserResponse,
    status: 201,
    handler: async ({ body, organizationId, meta, now, services }) => {
      const bindings = [...(body.group_ids ?? []), ...(body.policy_ids ?? [])].filter((id) => id !== '')
      if (bindings.length > 0) return invalidArgument(body.group_ids?.some((id) => id !== '') ? 'group_ids' : 'policy_ids', 'bind groups and policies after creation (POST /v1/groups/{group_id}/members, POST /v1/users/{user_id}/policy-bindings)')
      const id = services.ids.newId()
      const at = now.toISOString()
      const command: UserCommand = {
        type: 'CreateMember', organizationId, id, at,
        member: { username: body.user_name, password: body.password, ...(body.user_name.includes('@') ? { email: body.user_name } : {}) },
      }
      // Validated before the password is hashed, and hashed before the command runs.
      const invalid = decideUser({ deleted: false }, command)
      if (isDomainError(invalid)) return wireFields(invalid)
      const password = await passwordWrite(organizationId, id, body.password, now)
      const outcome = await services.commands.run({
        serializeOn: [userStream(organizationId, id)],
        meta,
        plan: async () => {
          const created = planCreateUser(command, { passwordExtras: [password] })
          if (isDomainError(created)) return created
          const settings = writes(scpUserStream(organizationId, id), [
            ScpUserSettingsSet({ description: body.description ?? null, passwordReuseCount: 0, temporaryPassword: body.temporary_password, ...(body.tags ? { tags: body.tags } : {}), passwordChangedAt: at, at }),
          ])
          return { ...combine(created, settings), result: undefined }
        },
      })
      if (!outcome.ok) return wireFields(outcome.error)
      const user = await loadAccountUser(services, organizationId, id)
      if (!user) throw new Error('the new user is not readable')
      return { status: 201, body: renderCreatedUser(user, body.password, `${services.publicUrl}/`), consistencyToken: outcome.token }
    },
  }),

  operation('GetUser', {
    summary: 'Get IAM user',
    response: IAMUserDetailResponse,
    handler: async ({ params, organizationId, services }) => {
      const user = await loadAccountUser(services, organizationId, params.user_id!)
      return user ? { body: renderUserDetail(user, services.srnEnv) } : notFound('user', params.user_id!)
    },
  }),

  operation('ListUsers', {
    summary: 'List IAM users',
    query: ListUsersQuery,
    response: ListIAMUserResponse,
    handler: async ({ query, organizationId, consistencyTokens, services }) => {
      const stale = await coveredFor(services.projector, organizationId, USER_LIST, consistencyTokens)
      if (stale) return stale
      const entries = await services.readStore.query<UserListItem>(USER_LIST, organizationId, USER_LIST_PARTITION)
      let candidates = entries.map((entry) => entry.model).filter((user) =>
        contains(user.username, query.login_id) && contains(user.username, query.user_name) && contains(user.email, query.email) &&
        contains(user.phoneNumber, query.phone_number) && query.nation_id === undefined &&
        (query.type === undefined || query.type.toUpperCase() === (user.type === 'owner' ? 'ROOT' : 'IAM')))
      if (query.exclude_group_id !== undefined || query.exclude_policy_id !== undefined) {
        const loaded = await services.store.load(candidates.map((user) => linksStream(organizationId, user.id)))
        candidates = candidates.filter((user) => {
          const links = (loaded.get(linksStream(organizationId, user.id)) ?? []).reduce((state, event) => linksDecider.evolve(state, event as never), linksDecider.initialState())
          return !links.groupIds.includes(query.exclude_group_id ?? '') && !links.policyIds.includes(query.exclude_policy_id ?? '')
        })
      }
      const page = paginate(candidates, query, { sortKeys: SORT_KEYS, defaultSort: 'created_at:desc', idOf: (user) => user.id })
      const users = await loadAccountUsers(services, organizationId, page.items.map((user) => user.id))
      const loaded = page.items.flatMap((user) => (users.has(user.id) ? [users.get(user.id)!] : []))
      const names = await groupNames(services, organizationId, loaded)
      return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, users: loaded.map((user) => renderUserListItem(user, names)) } }
    },
  }),

  operation('UpdateUser', {
    summary: 'Update IAM user',
    body: IAMUserUpdateRequest,
    response: UserResponse,
    handler: async (request) => {
      const { body, params, organizationId, now } = request
      const id = params.user_id!
      const outcome = await writeUser(request, id, async () =>
        writes(scpUserStream(organizationId, id), [
          ScpUserSettingsSet({ ...(body.description !== undefined ? { description: body.description } : {}), passwordReuseCount: body.password_reuse_count, at: now.toISOString() }),
        ]))
      if (isDomainError(outcome)) return outcome
      const user = await loadAccountUser(request.services, organizationId, id)
      return user ? { body: renderUserBase(user), consistencyToken: outcome.token } : notFound('user', id)
    },
  }),

  operation('UpdateUserPassword', {
    summary: 'Update IAM user password',
    body: IAMUserPasswordUpdateRequest,
    response: IAMCreateUserResponse,
    handler: async (request) => {
      const { body, params, organizationId, now, services } = request
      const id = params.user_id!
      const at = now.toISOString()
      const password = await passwordWrite(organizationId, id, body.password, now)
      const outcome = await writeUser(request, id, async (ctx) => {
        const { state } = await ctx.load(userDecider, userStream(organizationId, id))
        const changed = planUpdateUserPassword(state, { organizationId, id, type: 'UpdateUserPassword', password: body.password, at }, [password])
        if (isDomainError(changed)) return wireFields(changed)
        return combine(changed, writes(scpUserStream(organizationId, id), [
          ScpUserSettingsSet({ temporaryPassword: body.temporary_password ?? false, passwordChangedAt: at, at }),
        ]))
      })
      if (isDomainError(outcome)) return outcome
      const user = await loadAccountUser(services, organizationId, id)
      return user ? { body: renderCreatedUser(user, body.password, `${services.publicUrl}/`), consistencyToken: outcome.token } : notFound('user', id)
    },
  }),

  operation('DeleteUser', {
    summary: 'Delete IAM user (API versions 1.1 and 1.2)',
    handler: async (request) => {
      const outcome = await deleteUsers(request, [request.params.user_id!])
      return isDomainError(outcome) ? outcome : { status: 204, consistencyToken: outcome.token }
    },
  }),

  operation('DeleteUsersBulk', {
    summary: 'Delete IAM users (all or none)',
    body: IAMUserDeleteRequest,
    handler: async (request) => {
      const ids = [...new Set(request.body.user_ids.map((id) => id.replaceAll('-', '').toLowerCase()))]
      const outcome = await deleteUsers(request, ids)
      return isDomainError(outcome) ? outcome : { status: 204, consistencyToken: outcome.token }
    },
  }),
)

/** A change of one live user of the account. */
async function writeUser(
  request: Pick<ScpRequest, 'organizationId' | 'meta' | 'services'>,
  id: string,
  decide: (ctx: CommandContext) => Promise<PlannedWrites | DomainError>,
): Promise<{ token: string } | DomainError> {
  const { organizationId, meta, services } = request
  const outcome = await services.commands.run({
    serializeOn: [userStream(organizationId, id)],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(userDecider, userStream(organizationId, id))
      if (!liveUser(state)) return notFound('user', id)
      // Loaded so that the runner appends to it at its current version.
      await ctx.load(scpUserDecider, scpUserStream(organizationId, id))
      const planned = await decide(ctx)
      return isDomainError(planned) ? planned : { ...planned, result: undefined }
    },
  })
  return outcome.ok ? { token: outcome.token } : outcome.error
}

/**
 * Deletes users, each with its cascade in one request. Every id is checked first: an unknown one is 404 and nothing
 * is deleted. (Several users in one transaction would touch shared items twice: the user quota, common groups.)
 */
type DeleteRequest = Pick<ScpRequest, 'organizationId' | 'meta' | 'now' | 'services' | 'principal'>

async function deleteUsers(request: DeleteRequest, ids: readonly string[]): Promise<{ token: string } | DomainError> {
  const { organizationId, services } = request
  const known = await loadAccountUsers(services, organizationId, ids)
  const missing = ids.find((id) => !known.has(id))
  if (missing !== undefined) return notFound('user', missing)
  let token = ''
  for (const id of ids) {
    const outcome = await deleteUser(request, id)
    if (isDomainError(outcome)) return outcome
    token = outcome.token
  }
  return { token }
}

async function deleteUser(request: DeleteRequest, id: string): Promise<{ token: string } | DomainError> {
  const { organizationId, meta, now, services } = request
  const outcome = await services.commands.run({
    serializeOn: [userStream(organizationId, id)],
    meta,
    plan: async (ctx) => {
      const planned = await planUserDeletion(ctx, { organizationId, userId: id, at: now.toISOString(), by: request.principal.id })
      return isDomainError(planned) ? planned : { ...planned, result: undefined }
    },
  })
  return outcome.ok ? { token: outcome.token } : outcome.error
}

/** The Scaleway user rules name `username` and `password`; SCP calls the first `user_name`. */
function wireFields(error: DomainError): DomainError {
  if (error.kind === 'invalid_argument' && error.argument.endsWith('username')) return { ...error, argument: 'user_name' }
  if (error.kind === 'already_exists') return { ...error, message: 'this user_name is already taken' }
  return error
}
