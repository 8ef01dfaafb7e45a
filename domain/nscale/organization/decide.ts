// Decisions on the nscale view of an organization (spec §3.2 #15–18, §9 #17): a domain organization needs its
// domain, provider scope and provider (400), and one domain belongs to one organization (409, the `~emaildomain`
// reservation the OIDC login reads to find an organization by e-mail domain). An ad hoc organization keeps no
// domain fields (upstream ignores them).
import { alreadyExists, invalidArgument, isDomainError, notFound, permissionDenied, type DomainError } from '../../core/errors.js'
import { GLOBAL_SCOPES, globalPk } from '../../core/globalItems.js'
import { deleteOrganization } from '../../core/organization/decide.js'
import { organizationStreamId, type OrganizationState } from '../../core/organization/evolve.js'
import { organizationStatusExtras } from '../../core/organization/items.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { emailDomainKey as loginDomainKey, type EmailDomainItem } from '../../oidc/emailDomain.js'
import type { Writes } from '../group/decide.js'
import { normalizedMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import { NscaleOrganizationCreated, NscaleOrganizationDeleted, NscaleOrganizationUpdated, type OrganizationSpec } from './events.js'
import { liveNscaleOrganization, nscaleOrganizationStreamId, type NscaleOrganizationState } from './evolve.js'

/** `~nscaleorg#all` / `<organization id>`: the index of every organization (ids only). */
export function organizationIndexKey(organizationId: string): StateKey {
  return { pk: globalPk(GLOBAL_SCOPES.nscaleOrganizations, 'all'), sk: organizationId }
}

/** `~emaildomain#<domain>` → the organization that claims the domain (reservation owner). */
export function emailDomainKey(domain: string): StateKey {
  return { pk: globalPk(GLOBAL_SCOPES.emailDomain, domain.toLowerCase()), sk: 'reservation' }
}

export function normalizedSpec(spec: OrganizationSpec): OrganizationSpec | DomainError {
  if (spec.organizationType === 'adhoc') return { organizationType: 'adhoc', ...(spec.googleCustomerID ? { googleCustomerID: spec.googleCustomerID } : {}) }
  if (!spec.domain) return invalidArgument('spec.domain', 'a domain organization needs a domain', 'required')
  if (!spec.providerScope) return invalidArgument('spec.providerScope', 'a domain organization needs a provider scope', 'required')
  if (!spec.providerID) return invalidArgument('spec.providerID', 'a domain organization needs a provider', 'required')
  return { ...spec, domain: spec.domain.toLowerCase() }
}

export function planCreateNscaleOrganization(
  state: NscaleOrganizationState,
  command: { id: string; metadata: ResourceMetadata; spec: OrganizationSpec; now: Date; by: string },
): Writes | DomainError {
  if (state.organization) return alreadyExists('organization', command.id)
  const spec = normalizedSpec(command.spec)
  if ('kind' in spec) return spec
  const created = NscaleOrganizationCreated({ id: command.id, metadata: normalizedMetadata(command.metadata), spec, at: command.now.toISOString(), by: command.by })
  return {
    appends: [{ streamId: nscaleOrganizationStreamId(command.id), events: [created] }],
    extras: [{ kind: 'put', key: organizationIndexKey(command.id), attributes: { organizationId: command.id } }, ...domainClaims(command.id, undefined, spec)],
  }
}

export function planReplaceNscaleOrganization(
  state: NscaleOrganizationState,
  command: { id: string; metadata: ResourceMetadata; spec: OrganizationSpec; now: Date; by: string; mayClaimDomains: boolean },
): Writes | DomainError {
  const organization = liveNscaleOrganization(state)
  if (!organization) return notFound('organization', command.id)
  const spec = normalizedSpec(command.spec)
  if ('kind' in spec) return spec
  // A domain claim routes every sign-in of that e-mail domain to the organization's provider, which then vouches
  // for those addresses: only platform administrators may make or change one.
  const claim = (value: OrganizationSpec) => JSON.stringify([value.organizationType, value.domain, value.providerScope, value.providerID])
  if (!command.mayClaimDomains && claim(spec) !== claim(organization.spec)) {
    return permissionDenied('identity:organizations', 'update (global: the domain and its provider)')
  }
  const metadata = normalizedMetadata(command.metadata)
  if (JSON.stringify([metadata, spec]) === JSON.stringify([organization.metadata, organization.spec])) return { appends: [], extras: [] }
  const updated = NscaleOrganizationUpdated({ metadata, spec, at: command.now.toISOString(), by: command.by })
  return {
    appends: [{ streamId: nscaleOrganizationStreamId(command.id), events: [updated] }],
    extras: domainClaims(command.id, organization.spec, spec),
  }
}

/**
 * Deletes the tenant (spec #18), in one transaction: its nscale view, the core organization and the core's
 * tombstone (every credential and grant of the organization, on every surface, stops at once), releasing the
 * organization index item and the e-mail domain. Everything else the organization held stays in the log and in
 * read models nothing reads any more (docs/design.md, "Deleting an organization").
 */
export function planDeleteNscaleOrganization(
  state: NscaleOrganizationState,
  core: OrganizationState,
  command: { id: string; now: Date; by: string },
): Writes | DomainError {
  const organization = liveNscaleOrganization(state)
  if (!organization) return notFound('organization', command.id)
  const deleted = deleteOrganization(core, { now: command.now })
  if (isDomainError(deleted)) return notFound('organization', command.id)
  return {
    appends: [
      { streamId: nscaleOrganizationStreamId(command.id), events: [NscaleOrganizationDeleted({ at: command.now.toISOString(), by: command.by })] },
      { streamId: organizationStreamId(command.id), events: deleted },
    ],
    extras: [
      { kind: 'delete', key: organizationIndexKey(command.id) },
      ...domainClaims(command.id, organization.spec, undefined),
      ...organizationStatusExtras(command.id, deleted),
    ],
  }
}

/**
 * The e-mail domain a domain organization claims: the reservation (one organization per domain, 409) and, beside
 * it, the item login reads to find the organization's identity provider (domain/oidc/emailDomain.ts), rewritten
 * whenever the domain or the provider changes.
 */
function domainClaims(organizationId: string, before: OrganizationSpec | undefined, after: OrganizationSpec | undefined): Extra[] {
  const extras: Extra[] = []
  const [was, next] = [before?.domain, after?.domain]
  if (was !== next) {
    if (was) extras.push({ kind: 'release', key: emailDomainKey(was), owner: organizationId }, { kind: 'delete', key: loginDomainKey(was) })
    if (next) extras.push({ kind: 'reserve', key: emailDomainKey(next), owner: organizationId, onTaken: alreadyExists('organization', next, 'another organization already claims this domain') })
  }
  const provider = (spec: OrganizationSpec | undefined) => (spec?.domain ? `${spec.providerScope}/${spec.providerID}` : undefined)
  if (next && after && (was !== next || provider(before) !== provider(after))) {
    const item: EmailDomainItem = { organizationId, ...(after.providerScope ? { providerScope: after.providerScope } : {}), ...(after.providerID ? { providerId: after.providerID } : {}) }
    extras.push({ kind: 'put', key: loginDomainKey(next), attributes: { ...item } })
  }
  return extras
}

/** A Kubernetes label value from any organization name (the CLI and the bootstrap accept free text). */
export function labelFromName(name: string): string {
  const cleaned = name.replace(/[^0-9A-Za-z-_.]+/g, '-').slice(0, 63).replace(/^[^0-9A-Za-z]+/, '').replace(/[^0-9A-Za-z]+$/, '')
  return cleaned === '' ? 'organization' : cleaned
}
