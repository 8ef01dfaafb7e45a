// Decisions on the nscale view of an organization (spec §3.2 #15–18, §9 #17): a domain organization needs its
// domain, provider scope and provider (400), and one domain belongs to one organization (409, the `~emaildomain`
// reservation the OIDC login reads to find an organization by e-mail domain). An ad hoc organization keeps no
// domain fields (upstream ignores them).
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import { GLOBAL_SCOPES, globalPk } from '../../core/globalItems.js'
import type { Extra, StateKey } from '../../core/ports.js'
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
    extras: [{ kind: 'put', key: organizationIndexKey(command.id), attributes: { organizationId: command.id } }, ...domainClaims(command.id, undefined, spec.domain)],
  }
}

export function planReplaceNscaleOrganization(
  state: NscaleOrganizationState,
  command: { id: string; metadata: ResourceMetadata; spec: OrganizationSpec; now: Date; by: string },
): Writes | DomainError {
  const organization = liveNscaleOrganization(state)
  if (!organization) return notFound('organization', command.id)
  const spec = normalizedSpec(command.spec)
  if ('kind' in spec) return spec
  const metadata = normalizedMetadata(command.metadata)
  if (JSON.stringify([metadata, spec]) === JSON.stringify([organization.metadata, organization.spec])) return { appends: [], extras: [] }
  const updated = NscaleOrganizationUpdated({ metadata, spec, at: command.now.toISOString(), by: command.by })
  return {
    appends: [{ streamId: nscaleOrganizationStreamId(command.id), events: [updated] }],
    extras: domainClaims(command.id, organization.spec.domain, spec.domain),
  }
}

export function planDeleteNscaleOrganization(state: NscaleOrganizationState, command: { id: string; now: Date; by: string }): Writes | DomainError {
  const organization = liveNscaleOrganization(state)
  if (!organization) return notFound('organization', command.id)
  return {
    appends: [{ streamId: nscaleOrganizationStreamId(command.id), events: [NscaleOrganizationDeleted({ at: command.now.toISOString(), by: command.by })] }],
    extras: [{ kind: 'delete', key: organizationIndexKey(command.id) }, ...domainClaims(command.id, organization.spec.domain, undefined)],
  }
}

function domainClaims(organizationId: string, before: string | undefined, after: string | undefined): Extra[] {
  if (before === after) return []
  return [
    ...(before ? [{ kind: 'release', key: emailDomainKey(before), owner: organizationId } as Extra] : []),
    ...(after
      ? [{ kind: 'reserve', key: emailDomainKey(after), owner: organizationId, onTaken: alreadyExists('organization', after, 'another organization already claims this domain') } as Extra]
      : []),
  ]
}

/** A Kubernetes label value from any organization name (the CLI and the bootstrap accept free text). */
export function labelFromName(name: string): string {
  const cleaned = name.replace(/[^0-9A-Za-z-_.]+/g, '-').slice(0, 63).replace(/^[^0-9A-Za-z]+/, '').replace(/[^0-9A-Za-z]+$/, '')
  return cleaned === '' ? 'organization' : cleaned
}
