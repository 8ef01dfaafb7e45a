import { describe, expect, it } from 'vitest'
import { fold } from '../decider.js'
import { alreadyExists, invalidArgument, notFound, preconditionFailed } from '../errors.js'
import { globalKeys } from '../globalItems.js'
import {
  aliasReservation,
  createOrganization,
  deleteOrganization,
  setOrganizationAlias,
  updateLoginMethods,
  updateSecuritySettings,
} from './decide.js'
import { organizationAliasSet, organizationCreated, organizationDeleted, type OrganizationEvent } from './events.js'
import { DEFAULT_SECURITY_SETTINGS, organizationDecider } from './evolve.js'
import { organizationDeletedBy, organizationStatusExtras, organizationStatusKey } from './items.js'

const ORG = '0'.repeat(31) + '1'
const OWNER = 'b'.repeat(32)
const now = new Date('2026-01-02T03:04:05.000Z')
const created = organizationCreated({ organizationId: ORG, name: 'Acme', ownerPrincipalId: OWNER, createdAt: now.toISOString() })
const given = (...events: OrganizationEvent[]) => fold(organizationDecider, events)

describe('organization', () => {
  it('is created once, with a trimmed name', () => {
    expect(createOrganization(given(), { organizationId: ORG, name: '  Acme ', ownerPrincipalId: OWNER, now })).toEqual([created])
    expect(createOrganization(given(created), { organizationId: ORG, name: 'Acme', ownerPrincipalId: OWNER, now })).toEqual(
      alreadyExists('organization', ORG),
    )
  })
  it('refuses an empty name', () => {
    expect(createOrganization(given(), { organizationId: ORG, name: ' ', ownerPrincipalId: OWNER, now })).toEqual(
      invalidArgument('name', 'name is required', 'required'),
    )
  })
  it('starts with the default security settings', () => {
    const state = given(created)
    expect(state.status === 'active' && state.securitySettings).toEqual(DEFAULT_SECURITY_SETTINGS)
  })
  it('sets the alias once, and accepts the same alias again as a no-op', () => {
    expect(setOrganizationAlias(given(created), 'acme42')).toEqual([organizationAliasSet({ organizationId: ORG, alias: 'acme42' })])
    const withAlias = given(created, organizationAliasSet({ organizationId: ORG, alias: 'acme42' }))
    expect(setOrganizationAlias(withAlias, 'acme42')).toEqual([])
    expect(setOrganizationAlias(withAlias, 'other')).toEqual(
      preconditionFailed('alias_already_set', 'the organization alias is already set and cannot be changed'),
    )
  })
  it('refuses an alias outside [a-z0-9]{2,32}', () => {
    expect(setOrganizationAlias(given(created), 'Acme')).toMatchObject({ kind: 'invalid_argument', argument: 'alias' })
    expect(setOrganizationAlias(given(created), 'a')).toMatchObject({ kind: 'invalid_argument' })
  })
  it('reserves the alias globally for the organization', () => {
    expect(aliasReservation(ORG, 'acme')).toMatchObject({ kind: 'reserve', key: globalKeys.organizationAlias('acme'), owner: ORG })
  })
  it('updates login methods, ignoring absent fields, and decides nothing when nothing changes', () => {
    const events = updateLoginMethods(given(created), { saml: true, password: undefined })
    expect(events).toMatchObject([{ type: 'OrganizationLoginMethodsUpdated', data: { loginMethods: { saml: true, password: true } } }])
    expect(updateLoginMethods(given(created), { saml: false })).toEqual([])
  })
  it('validates security settings against the documented bounds', () => {
    expect(updateSecuritySettings(given(created), { loginAttemptsBeforeLocked: 51 })).toMatchObject({
      kind: 'invalid_argument',
      argument: 'loginAttemptsBeforeLocked',
    })
    expect(updateSecuritySettings(given(created), { maxApiKeyExpirationSeconds: 3600 })).toMatchObject([
      { data: { securitySettings: { ...DEFAULT_SECURITY_SETTINGS, maxApiKeyExpirationSeconds: 3600 } } },
    ])
  })
  it('refuses changes to an organization that does not exist', () => {
    expect(updateSecuritySettings(given(), {})).toEqual(notFound('organization', ''))
  })

  it('is deleted once; a deleted organization is not found and cannot be created again', () => {
    const later = new Date('2026-02-03T04:05:06.000Z')
    const deleted = organizationDeleted({ organizationId: ORG, deletedAt: later.toISOString() })
    expect(deleteOrganization(given(created), { now: later })).toEqual([deleted])
    const gone = given(created, deleted)
    expect(gone).toEqual({ status: 'deleted', organizationId: ORG, name: 'Acme', deletedAt: later.toISOString() })
    expect(deleteOrganization(gone, { now: later })).toEqual(notFound('organization', ORG))
    expect(deleteOrganization(given(), { now: later })).toEqual(notFound('organization', ''))
    expect(updateLoginMethods(gone, { saml: true })).toEqual(notFound('organization', ''))
    expect(setOrganizationAlias(gone, 'acme')).toEqual(notFound('organization', ''))
    expect(createOrganization(gone, { organizationId: ORG, name: 'Acme', ownerPrincipalId: OWNER, now })).toEqual(alreadyExists('organization', ORG))
  })
  it('writes the tombstone with the deletion, and nothing for other events', () => {
    const deleted = organizationDeleted({ organizationId: ORG, deletedAt: now.toISOString() })
    expect(organizationStatusExtras(ORG, [deleted])).toEqual([
      { kind: 'put', key: { pk: `${ORG}#organization`, sk: 'status' }, attributes: { deleted: true, deletedAt: now.toISOString() } },
    ])
    expect(organizationStatusKey(ORG)).toEqual({ pk: `${ORG}#organization`, sk: 'status' })
    expect(organizationStatusExtras(ORG, [created, organizationAliasSet({ organizationId: ORG, alias: 'acme' })])).toEqual([])
    expect(organizationDeletedBy({ deleted: true })).toBe(true)
    expect(organizationDeletedBy(undefined)).toBe(false)
  })
})
