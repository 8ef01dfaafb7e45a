// Decisions on an SCP role (spec §1.11, §4.7; decisions §6.26, §6.45, §6.54): the name is immutable and unique
// in the account (reserved by the plan); the session duration is 3600–43200 s on create and on update; roles are
// always USER_DEFINED here (SERVICE and SERVICE_LINKED roles belong to the provider and have no create input).
import { alreadyExists, invalidArgument, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import { checkDescription, checkTags, firstError, type Tag } from '../group/fields.js'
import { RoleCreated, RoleDeleted, RoleTrustPolicySet, RoleUpdated, type RoleEvent } from './events.js'
import { liveRole, type RoleState } from './evolve.js'
import { trustPolicyOf, type TrustPrincipal } from './trust.js'

export const ROLE_NAME_MAX = 64
const ROLE_NAME = /^[a-zA-Z0-9+=,.@\-_]+$/
export const SESSION_MIN = 3600
export const SESSION_MAX = 43200

interface Target {
  organizationId: string
  id: string
  at: string
  by: string
}

export type RoleCommand =
  | (Target & {
      type: 'CreateRole'
      name: string
      description: string | null
      maxSessionDuration: number
      trustPolicy?: unknown
      principals?: readonly TrustPrincipal[]
      tags: Tag[]
    })
  | (Target & { type: 'SetRole'; description?: string | null; maxSessionDuration?: number })
  | (Target & { type: 'SetRoleTrustPolicy'; trustPolicy: unknown })
  | (Target & { type: 'DeleteRole' })

export function decideRole(state: RoleState, command: RoleCommand): RoleEvent[] | DomainError {
  const { at, by } = command
  if (command.type === 'CreateRole') {
    if (state.role) return alreadyExists('role', command.id)
    const invalid = firstError(
      checkRoleName(command.name),
      checkDescription('description', command.description),
      checkSession(command.maxSessionDuration),
      checkTags('tags', command.tags),
    )
    if (invalid) return invalid
    const trustPolicy = trustPolicyOf(command.organizationId, { document: command.trustPolicy, principals: command.principals })
    if (isDomainError(trustPolicy)) return trustPolicy
    const { id, organizationId, name, description, maxSessionDuration, tags } = command
    return [RoleCreated({ id, organizationId, name, description, type: 'USER_DEFINED', maxSessionDuration, trustPolicy, tags, at, by })]
  }
  const role = liveRole(state)
  if (!role) return notFound('role', command.id)
  switch (command.type) {
    case 'SetRole': {
      const invalid = firstError(
        command.description === undefined ? undefined : checkDescription('description', command.description),
        command.maxSessionDuration === undefined ? undefined : checkSession(command.maxSessionDuration),
      )
      if (invalid) return invalid
      const changes = {
        ...(command.description !== undefined && command.description !== role.description && { description: command.description }),
        ...(command.maxSessionDuration !== undefined && command.maxSessionDuration !== role.maxSessionDuration && { maxSessionDuration: command.maxSessionDuration }),
      }
      return Object.keys(changes).length === 0 ? [] : [RoleUpdated({ ...changes, at, by })]
    }
    case 'SetRoleTrustPolicy': {
      const trustPolicy = trustPolicyOf(command.organizationId, { document: command.trustPolicy })
      if (isDomainError(trustPolicy)) return trustPolicy
      return [RoleTrustPolicySet({ trustPolicy, at, by })]
    }
    case 'DeleteRole':
      return [RoleDeleted({ at, by })]
  }
}

function checkRoleName(name: string): DomainError | undefined {
  if (name.length < 1 || name.length > ROLE_NAME_MAX) return invalidArgument('name', `name must be 1 to ${ROLE_NAME_MAX} characters`)
  return ROLE_NAME.test(name) ? undefined : invalidArgument('name', 'name may hold letters, digits and + = , . @ - _ only', 'format')
}

function checkSession(seconds: number): DomainError | undefined {
  return Number.isInteger(seconds) && seconds >= SESSION_MIN && seconds <= SESSION_MAX
    ? undefined
    : invalidArgument('max_session_duration', `max_session_duration must be an integer from ${SESSION_MIN} to ${SESSION_MAX} seconds`)
}
