// Pure decisions on the organization. Updates that change nothing decide nothing.
import { alreadyExists, invalidArgument, notFound, preconditionFailed, type DomainError } from '../errors.js'
import type { Extra } from '../ports.js'
import { globalKeys } from '../globalItems.js'
import {
  ALIAS_PATTERN,
  ORGANIZATION_NAME_MAX,
  organizationAliasSet,
  organizationCreated,
  organizationDeleted,
  organizationLoginMethodsUpdated,
  organizationSecuritySettingsUpdated,
  securitySettingsSchema,
  type LoginMethods,
  type OrganizationEvent,
  type SecuritySettings,
} from './events.js'
import type { OrganizationState } from './evolve.js'

type Decision = OrganizationEvent[] | DomainError

export function createOrganization(
  state: OrganizationState,
  command: { organizationId: string; name: string; ownerPrincipalId: string; now: Date },
): Decision {
  if (state.status !== 'absent') return alreadyExists('organization', command.organizationId)
  const name = command.name.trim()
  if (name.length === 0) return invalidArgument('name', 'name is required', 'required')
  if (name.length > ORGANIZATION_NAME_MAX) return invalidArgument('name', `name is longer than ${ORGANIZATION_NAME_MAX} characters`)
  return [organizationCreated({ organizationId: command.organizationId, name, ownerPrincipalId: command.ownerPrincipalId, createdAt: command.now.toISOString() })]
}

/** The alias is set once; setting the same alias again is a no-op. Pair the events with `aliasReservation`. */
export function setOrganizationAlias(state: OrganizationState, alias: string): Decision {
  if (state.status !== 'active') return notFound('organization', '')
  if (!ALIAS_PATTERN.test(alias)) return invalidArgument('alias', 'alias must be 2 to 32 characters of a-z and 0-9', 'format')
  if (state.alias === alias) return []
  if (state.alias) return preconditionFailed('alias_already_set', 'the organization alias is already set and cannot be changed')
  return [organizationAliasSet({ organizationId: state.organizationId, alias })]
}

/** The global reservation that makes an alias unique across organizations. */
export function aliasReservation(organizationId: string, alias: string): Extra {
  return { kind: 'reserve', key: globalKeys.organizationAlias(alias), owner: organizationId, onTaken: alreadyExists('organization_alias', alias, 'alias is already taken') }
}

export function updateLoginMethods(state: OrganizationState, patch: Partial<LoginMethods>): Decision {
  if (state.status !== 'active') return notFound('organization', '')
  const loginMethods = { ...state.loginMethods, ...definedOnly(patch) }
  if (sameValues(loginMethods, state.loginMethods)) return []
  return [organizationLoginMethodsUpdated({ organizationId: state.organizationId, loginMethods })]
}

export function updateSecuritySettings(state: OrganizationState, patch: Partial<SecuritySettings>): Decision {
  if (state.status !== 'active') return notFound('organization', '')
  const parsed = securitySettingsSchema.safeParse({ ...state.securitySettings, ...definedOnly(patch) })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return invalidArgument(String(issue?.path[0] ?? 'security_settings'), issue?.message ?? 'invalid security settings')
  }
  if (sameValues(parsed.data, state.securitySettings)) return []
  return [organizationSecuritySettingsUpdated({ organizationId: state.organizationId, securitySettings: parsed.data })]
}

/** Deletes the tenant; pair the events with `organizationStatusExtras` (items.ts). Deleting twice is not found. */
export function deleteOrganization(state: OrganizationState, command: { now: Date }): Decision {
  if (state.status !== 'active') return notFound('organization', state.status === 'deleted' ? state.organizationId : '')
  return [organizationDeleted({ organizationId: state.organizationId, deletedAt: command.now.toISOString() })]
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>
}

function sameValues<T extends object>(a: T, b: T): boolean {
  return Object.keys(a).every((key) => a[key as keyof T] === b[key as keyof T])
}
