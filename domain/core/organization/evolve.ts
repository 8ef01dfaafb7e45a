import type { Decider } from '../decider.js'
import { streamId } from '../events.js'
import type { LoginMethods, OrganizationEvent, SecuritySettings } from './events.js'

export const ORGANIZATION_AGGREGATE = 'organization'

/** Defaults of a new organization (the Scaleway documents state none; these are ours, documented here). */
export const DEFAULT_LOGIN_METHODS: LoginMethods = { password: true, magicCode: true, oauth2: true, saml: false }
export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  enforcePasswordRenewal: false,
  gracePeriodSeconds: 7 * 86_400,
  loginAttemptsBeforeLocked: 10,
  maxLoginSessionSeconds: 7 * 86_400,
  maxApiKeyExpirationSeconds: 0,
}

export type OrganizationState =
  | { status: 'absent' }
  | {
      status: 'active'
      organizationId: string
      name: string
      ownerPrincipalId: string
      createdAt: string
      alias?: string
      loginMethods: LoginMethods
      securitySettings: SecuritySettings
    }
  /** A deleted organization stays deleted: its id is never reused, its events stay in the log. */
  | { status: 'deleted'; organizationId: string; name: string; deletedAt: string }

/** An organization's stream id: `<org>#organization#<org>`. */
export function organizationStreamId(organizationId: string): string {
  return streamId(organizationId, ORGANIZATION_AGGREGATE, organizationId)
}

export function evolveOrganization(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  if (event.type === 'OrganizationCreated') {
    return { status: 'active', ...event.data, loginMethods: DEFAULT_LOGIN_METHODS, securitySettings: DEFAULT_SECURITY_SETTINGS }
  }
  if (state.status !== 'active') return state
  switch (event.type) {
    case 'OrganizationAliasSet':
      return { ...state, alias: event.data.alias }
    case 'OrganizationLoginMethodsUpdated':
      return { ...state, loginMethods: event.data.loginMethods }
    case 'OrganizationSecuritySettingsUpdated':
      return { ...state, securitySettings: event.data.securitySettings }
    case 'OrganizationDeleted':
      return { status: 'deleted', organizationId: state.organizationId, name: state.name, deletedAt: event.data.deletedAt }
  }
}

export const organizationDecider: Decider<OrganizationState, OrganizationEvent> = {
  aggregateType: ORGANIZATION_AGGREGATE,
  initialState: () => ({ status: 'absent' }),
  evolve: evolveOrganization,
}
