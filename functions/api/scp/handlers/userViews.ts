// How an SCP account user looks on the wire (spec §2.20–§2.26, §2.77): the organization's user profile
// (domain/scaleway user), SCP's own settings (domain/scp/user), the principal's lock, the user's SCP groups.
import { fold } from '../../../../domain/core/decider.js'
import type { StoredEvent } from '../../../../domain/core/events.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/index.js'
import { liveUser, userDecider, userStream, type User } from '../../../../domain/scaleway/user/evolve.js'
import { groupDecider, groupStream, liveGroup } from '../../../../domain/scp/group/evolve.js'
import { linksDecider, linksStream, type Links } from '../../../../domain/scp/links/evolve.js'
import { scpUserDecider, scpUserStream, type ScpUserSettings } from '../../../../domain/scp/user/evolve.js'
import type { ScpServices } from '../deps.js'
import { scpTime } from '../schemas/common.js'
import { iamSrn } from '../srn.js'

export interface AccountUser {
  user: User
  settings: ScpUserSettings
  locked: boolean
  links: Links
  createdBy: string
  modifiedBy: string
  modifiedAt: string
}

/** Loads users with everything their rendering needs in one read of their streams; unknown ids are left out. */
export async function loadAccountUsers(services: Pick<ScpServices, 'store'>, organizationId: string, ids: readonly string[]): Promise<Map<string, AccountUser>> {
  if (ids.length === 0) return new Map()
  const streams = ids.flatMap((id) => [userStream(organizationId, id), scpUserStream(organizationId, id), principalStreamId(organizationId, id), linksStream(organizationId, id)])
  const loaded = await services.store.load(streams)
  const events = (streamId: string) => (loaded.get(streamId) ?? []) as StoredEvent[]
  const users = new Map<string, AccountUser>()
  for (const id of ids) {
    const profile = events(userStream(organizationId, id))
    const user = liveUser(fold(userDecider, profile as never))
    if (!user) continue
    const scp = events(scpUserStream(organizationId, id))
    const principal = fold(principalDecider, events(principalStreamId(organizationId, id)) as never)
    const changes = [...profile, ...scp].sort((a, b) => a.meta.occurredAt.localeCompare(b.meta.occurredAt))
    const last = changes[changes.length - 1]
    users.set(id, {
      user,
      settings: fold(scpUserDecider, scp as never),
      locked: principal.status !== 'absent' && principal.locked,
      links: fold(linksDecider, events(linksStream(organizationId, id)) as never),
      createdBy: profile[0]?.meta.actor.id ?? '',
      modifiedBy: last?.meta.actor.id ?? '',
      modifiedAt: last?.meta.occurredAt ?? user.updatedAt,
    })
  }
  return users
}

export async function loadAccountUser(services: Pick<ScpServices, 'store'>, organizationId: string, id: string): Promise<AccountUser | undefined> {
  return (await loadAccountUsers(services, organizationId, [id])).get(id)
}

/** The names of the SCP groups of these users. */
export async function groupNames(services: Pick<ScpServices, 'store'>, organizationId: string, users: readonly AccountUser[]): Promise<Map<string, string>> {
  const ids = [...new Set(users.flatMap((user) => user.links.groupIds))]
  if (ids.length === 0) return new Map()
  const loaded = await services.store.load(ids.map((id) => groupStream(organizationId, id)))
  return new Map(ids.flatMap((id) => {
    const group = liveGroup(fold(groupDecider, (loaded.get(groupStream(organizationId, id)) ?? []) as never))
    return group ? [[id, group.name] as const] : []
  }))
}

function displayName(user: User): string | null {
  return [user.lastName, user.firstName].filter((part) => part !== '').join(' ') || null
}

/** `UserResponse`, the base of every user model. Policies are listed by GET /v1/users/{id}/policy-bindings. */
export function renderUserBase(account: AccountUser) {
  const { user, settings } = account
  return {
    account_id: user.organizationId,
    company_name: null,
    created_at: scpTime(user.createdAt),
    created_by: account.createdBy,
    description: settings.description,
    dst_offset: null,
    email: user.email && !user.email.endsWith('.invalid') ? user.email : null,
    email_authenticated: false,
    first_name: user.firstName || null,
    id: user.id,
    last_login_at: scpTime(user.lastLoginAt ?? null),
    last_name: user.lastName || null,
    last_password_update_at: scpTime(settings.lastPasswordUpdateAt ?? user.passwordRenewedAt ?? null),
    modified_at: scpTime(account.modifiedAt),
    modified_by: account.modifiedBy,
    name: displayName(user),
    password_reuse_count: settings.passwordReuseCount,
    phone_authenticated: false,
    policies: [] as unknown[],
    state: account.locked ? 'LOCKED' : 'ACTIVE',
    timezone: null,
    type: user.type === 'owner' ? 'ROOT' : 'IAM',
    tz_id: null,
    user_name: user.username || null,
    utc_offset: null,
  }
}

export function renderUserListItem(account: AccountUser, names: ReadonlyMap<string, string>) {
  return { ...renderUserBase(account), groups: account.links.groupIds.flatMap((id) => (names.has(id) ? [names.get(id)!] : [])) }
}

export function renderUserDetail(account: AccountUser, srnEnv: string) {
  return {
    ...renderUserBase(account),
    srn: iamSrn(srnEnv, account.user.organizationId, 'user', account.user.id),
    created_by_name: null,
    modified_by_name: null,
    resource_type: 'User',
    service: 'iam',
    service_name: 'Identity Access Management',
  }
}

export function renderCreatedUser(account: AccountUser, password: string, consoleUrl: string) {
  return { ...renderUserBase(account), password, console_url: consoleUrl }
}
