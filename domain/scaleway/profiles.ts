// The Scaleway profile of a principal a group or a policy points at (a user, an application, or for policies a
// group), as loaded by the shell, and the link writes that keep links.ts's back-references in step.
import { isDomainError, notFound, type DomainError } from '../core/errors.js'
import { decideApplication } from './application/decide.js'
import { applicationStream, liveApplication, type ApplicationState } from './application/evolve.js'
import { decideGroup } from './group/decide.js'
import { groupStream, liveGroup, type GroupState } from './group/evolve.js'
import type { Link } from './links.js'
import { writes, type PlannedWrites } from './plan.js'
import { decideUser } from './user/decide.js'
import { liveUser, userStream, type UserState } from './user/evolve.js'

export type Profile =
  | { kind: 'user'; id: string; state: UserState }
  | { kind: 'application'; id: string; state: ApplicationState }
  | { kind: 'group'; id: string; state: GroupState }

export type ProfileKind = Profile['kind']

export function isLive(profile: Profile): boolean {
  switch (profile.kind) {
    case 'user':
      return liveUser(profile.state) !== undefined
    case 'application':
      return liveApplication(profile.state) !== undefined
    case 'group':
      return liveGroup(profile.state) !== undefined
  }
}

export function profileStream(organizationId: string, kind: ProfileKind, id: string): string {
  switch (kind) {
    case 'user':
      return userStream(organizationId, id)
    case 'application':
      return applicationStream(organizationId, id)
    case 'group':
      return groupStream(organizationId, id)
  }
}

/** Records on a live profile that `link` points at it; an unknown or deleted profile is not found. */
export function linkProfile(organizationId: string, profile: Profile, link: Link): PlannedWrites | DomainError {
  if (!isLive(profile)) return notFound(profile.kind, profile.id)
  return change(organizationId, profile, link, 'link')
}

/** Forgets a link; nothing to write when the profile is gone or never had it. */
export function unlinkProfile(organizationId: string, profile: Profile, link: Link): PlannedWrites {
  const result = change(organizationId, profile, link, 'unlink')
  return isDomainError(result) ? { appends: [], extras: [] } : result
}

function change(organizationId: string, profile: Profile, link: Link, action: 'link' | 'unlink'): PlannedWrites | DomainError {
  const target = { organizationId, id: profile.id, link }
  let events
  switch (profile.kind) {
    case 'user':
      events = decideUser(profile.state, { ...target, type: action === 'link' ? 'LinkUser' : 'UnlinkUser' })
      break
    case 'application':
      events = decideApplication(profile.state, { ...target, type: action === 'link' ? 'LinkApplication' : 'UnlinkApplication' })
      break
    case 'group':
      events = decideGroup(profile.state, { ...target, type: action === 'link' ? 'LinkGroup' : 'UnlinkGroup' })
      break
  }
  if (!Array.isArray(events)) return events
  return writes(profileStream(organizationId, profile.kind, profile.id), events)
}
