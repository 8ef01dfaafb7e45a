// Decisions on a Scaleway user profile. Locking, deletion cascades and reservations are in plan.ts.
import { alreadyExists, notFound, preconditionFailed, type DomainError } from '../../core/errors.js'
import { checkTags, firstError, sameList } from '../fields.js'
import { hasLink, type Link } from '../links.js'
import {
  UserActivated,
  UserCreated,
  UserDeleted,
  UserLinked,
  UserLoggedIn,
  UserPasswordChanged,
  UserUnlinked,
  UserUpdated,
  UserUsernameChanged,
  type UserEvent,
} from './events.js'
import { liveUser, userDeletable, type User, type UserState } from './evolve.js'
import { checkEmail, checkLocale, checkPassword, checkPersonName, checkPhoneNumber, checkUsername } from './rules.js'

interface Target {
  organizationId: string
  id: string
}

export interface MemberDetails {
  email?: string
  username: string
  password: string
  firstName?: string
  lastName?: string
  phoneNumber?: string
  locale?: string
}

export interface ProfileChanges {
  email?: string
  firstName?: string
  lastName?: string
  phoneNumber?: string
  locale?: string
  tags?: string[]
}

export type UserCommand =
  /** A guest invited by e-mail: `invitation_pending` until its first login. */
  | (Target & { type: 'InviteUser'; email: string; tags?: string[]; at: string })
  /** An organization-exclusive member with a username and a password: `activated`. */
  | (Target & { type: 'CreateMember'; member: MemberDetails; tags?: string[]; at: string })
  /** The organization's owner, created with the organization. */
  | (Target & { type: 'CreateOwner'; email: string; username?: string; at: string })
  | (Target & { type: 'UpdateUser'; changes: ProfileChanges; at: string })
  | (Target & { type: 'UpdateUserUsername'; username: string; at: string })
  | (Target & { type: 'UpdateUserPassword'; password: string; at: string })
  | (Target & { type: 'RecordUserLogin'; at: string })
  | (Target & { type: 'DeleteUser'; at: string })
  | (Target & { type: 'LinkUser'; link: Link })
  | (Target & { type: 'UnlinkUser'; link: Link })

export function decideUser(state: UserState, command: UserCommand): UserEvent[] | DomainError {
  switch (command.type) {
    case 'InviteUser':
    case 'CreateMember':
    case 'CreateOwner':
      return state.user ? alreadyExists('user', command.id) : create(command)
    case 'UnlinkUser': {
      const user = liveUser(state)
      return user && hasLink(user.links, command.link) ? [UserUnlinked(command.link)] : []
    }
  }
  const user = liveUser(state)
  if (!user) return notFound('user', command.id)
  switch (command.type) {
    case 'LinkUser':
      return hasLink(user.links, command.link) ? [] : [UserLinked(command.link)]
    case 'UpdateUser':
      return update(user, command.changes, command.at)
    case 'UpdateUserUsername': {
      const invalid = checkUsername(command.username)
      if (invalid) return invalid
      return command.username === user.username ? [] : [UserUsernameChanged({ username: command.username, at: command.at })]
    }
    case 'UpdateUserPassword':
      return checkPassword(command.password, user) ?? [UserPasswordChanged({ at: command.at })]
    case 'RecordUserLogin':
      return [...(user.status === 'invitation_pending' ? [UserActivated({ at: command.at })] : []), UserLoggedIn({ at: command.at })]
    case 'DeleteUser':
      return userDeletable(user) ? [UserDeleted({ at: command.at })] : ownerIsPermanent()
  }
}

export function ownerIsPermanent(): DomainError {
  return preconditionFailed('owner_is_permanent', 'the owner of the organization cannot be deleted or locked')
}

type Creation = Extract<UserCommand, { type: 'InviteUser' | 'CreateMember' | 'CreateOwner' }>

function create(command: Creation): UserEvent[] | DomainError {
  const base = { id: command.id, organizationId: command.organizationId, at: command.at }
  const empty = { firstName: '', lastName: '', phoneNumber: '', locale: '' }
  if (command.type === 'InviteUser') {
    const tags = command.tags ?? []
    const invalid = firstError(checkEmail('email', command.email), checkTags('tags', tags))
    if (invalid) return invalid
    // A guest signs in with its e-mail: it is also its username in this organization.
    return [UserCreated({ ...base, ...empty, email: command.email, username: command.email, tags, type: 'guest', status: 'invitation_pending', accountRootUserId: '' })]
  }
  if (command.type === 'CreateOwner') {
    const username = command.username ?? command.email
    const invalid = checkEmail('email', command.email)
    if (invalid) return invalid
    return [UserCreated({ ...base, ...empty, email: command.email, username, tags: [], type: 'owner', status: 'activated', accountRootUserId: command.id })]
  }
  const member = command.member
  const profile = {
    email: member.email ?? '',
    firstName: member.firstName ?? '',
    lastName: member.lastName ?? '',
    phoneNumber: member.phoneNumber ?? '',
    locale: member.locale ?? '',
    tags: command.tags ?? [],
  }
  const invalid = firstError(
    profile.email === '' ? undefined : checkEmail('member.email', profile.email),
    checkUsername(member.username),
    checkProfile(profile),
    checkPassword(member.password, { email: profile.email, username: member.username }),
  )
  if (invalid) return invalid
  return [UserCreated({ ...base, ...profile, username: member.username, type: 'member', status: 'activated', accountRootUserId: '' })]
}

function checkProfile(profile: ProfileChanges): DomainError | undefined {
  return firstError(
    profile.firstName === undefined ? undefined : checkPersonName('first_name', profile.firstName),
    profile.lastName === undefined ? undefined : checkPersonName('last_name', profile.lastName),
    profile.phoneNumber === undefined ? undefined : checkPhoneNumber(profile.phoneNumber),
    profile.locale === undefined ? undefined : checkLocale(profile.locale),
    profile.tags === undefined ? undefined : checkTags('tags', profile.tags),
  )
}

/** PATCH: absent fields are unchanged, an empty string clears a field (as Scaleway does). Guests own their profile. */
function update(user: User, changes: ProfileChanges, at: string): UserEvent[] | DomainError {
  const invalid = firstError(changes.email === undefined ? undefined : checkEmail('email', changes.email), checkProfile(changes))
  if (invalid) return invalid
  const changed: ProfileChanges = {}
  for (const field of ['email', 'firstName', 'lastName', 'phoneNumber', 'locale'] as const) {
    const value = changes[field]
    if (value !== undefined && value !== user[field]) changed[field] = value
  }
  if (user.type === 'guest' && Object.keys(changed).length > 0) {
    return preconditionFailed('guest_profile', "a guest's e-mail, names, phone number and locale belong to its own account; only its tags can change here")
  }
  if (changes.tags !== undefined && !sameList(changes.tags, user.tags)) changed.tags = changes.tags
  return Object.keys(changed).length === 0 ? [] : [UserUpdated({ ...changed, at })]
}
