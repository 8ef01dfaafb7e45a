// Decisions on an organization's OAuth2 provider (spec §3.2 #31–33, §9 #15): create, replace, delete. The issuer
// must be an http(s) URL (syntax only, no discovery at write time); names are unique per organization (409).
// PUT without `clientSecret` keeps the stored one. The sealed secret is an item written in the same request.
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { normalizedMetadata, sameMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import {
  NscaleOauth2ProviderCreated,
  NscaleOauth2ProviderDeleted,
  NscaleOauth2ProviderUpdated,
  type Oauth2ProviderEvent,
  type Oauth2ProviderSpec,
} from './events.js'
import { liveOauth2Provider, oauth2ProviderStreamId, type Oauth2ProviderState } from './evolve.js'

export interface Oauth2ProviderWrites {
  appends: Array<{ streamId: string; events: Oauth2ProviderEvent[] }>
  extras: Extra[]
}

export interface WriteOauth2Provider {
  id: string
  organizationId: string
  metadata: ResourceMetadata
  spec: Oauth2ProviderSpec
  /** The client secret sealed by the keyring, when the request gave one. */
  sealedClientSecret?: string
  at: string
  by: string
}

/** The state item holding the sealed client secret (the federation callback decrypts it). */
export function oauth2ProviderSecretKey(organizationId: string, providerId: string): StateKey {
  return { pk: `${organizationId}#nscale-oauth2-provider#${providerId}`, sk: 'client-secret' }
}

export function oauth2ProviderNameKey(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#nscale-oauth2-provider-name`, sk: name }
}

export function planCreateOauth2Provider(state: Oauth2ProviderState, command: WriteOauth2Provider): Oauth2ProviderWrites | DomainError {
  if (state.provider) return alreadyExists('oauth2_provider', command.id)
  const invalid = checkIssuer(command.spec.issuer)
  if (invalid) return invalid
  const metadata = normalizedMetadata(command.metadata)
  const created = NscaleOauth2ProviderCreated({
    id: command.id, organizationId: command.organizationId, metadata, spec: normalizedSpec(command.spec),
    hasClientSecret: command.sealedClientSecret !== undefined, at: command.at, by: command.by,
  })
  return {
    appends: [{ streamId: oauth2ProviderStreamId(command.organizationId, command.id), events: [created] }],
    extras: [nameReservation(command.organizationId, metadata.name, command.id), ...secretWrite(command)],
  }
}

export function planUpdateOauth2Provider(state: Oauth2ProviderState, command: WriteOauth2Provider): Oauth2ProviderWrites | DomainError {
  const provider = liveOauth2Provider(state)
  if (!provider || provider.organizationId !== command.organizationId) return notFound('oauth2_provider', command.id)
  const invalid = checkIssuer(command.spec.issuer)
  if (invalid) return invalid
  const metadata = normalizedMetadata(command.metadata)
  const spec = normalizedSpec(command.spec)
  const secretSet = command.sealedClientSecret !== undefined
  if (!secretSet && sameMetadata(provider.metadata, metadata) && JSON.stringify(provider.spec) === JSON.stringify(spec)) return { appends: [], extras: [] }
  const extras: Extra[] = [...secretWrite(command)]
  if (metadata.name !== provider.metadata.name) {
    extras.push({ kind: 'release', key: oauth2ProviderNameKey(provider.organizationId, provider.metadata.name), owner: provider.id })
    extras.push(nameReservation(provider.organizationId, metadata.name, provider.id))
  }
  const updated = NscaleOauth2ProviderUpdated({ metadata, spec, clientSecretSet: secretSet, at: command.at, by: command.by })
  return { appends: [{ streamId: oauth2ProviderStreamId(provider.organizationId, provider.id), events: [updated] }], extras }
}

export function planDeleteOauth2Provider(
  state: Oauth2ProviderState,
  command: { id: string; organizationId: string; at: string; by: string },
): Oauth2ProviderWrites | DomainError {
  const provider = liveOauth2Provider(state)
  if (!provider || provider.organizationId !== command.organizationId) return notFound('oauth2_provider', command.id)
  return {
    appends: [{ streamId: oauth2ProviderStreamId(provider.organizationId, provider.id), events: [NscaleOauth2ProviderDeleted({ at: command.at, by: command.by })] }],
    extras: [
      { kind: 'release', key: oauth2ProviderNameKey(provider.organizationId, provider.metadata.name), owner: provider.id },
      { kind: 'delete', key: oauth2ProviderSecretKey(provider.organizationId, provider.id) },
    ],
  }
}

function checkIssuer(issuer: string): DomainError | undefined {
  try {
    const url = new URL(issuer)
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash) return undefined
  } catch {
    // refused below
  }
  return invalidArgument('spec.issuer', 'issuer must be an http(s) URL without credentials or fragment')
}

function normalizedSpec(spec: Oauth2ProviderSpec): Oauth2ProviderSpec {
  return { ...(spec.type ? { type: spec.type } : {}), issuer: spec.issuer, clientID: spec.clientID }
}

function nameReservation(organizationId: string, name: string, id: string): Extra {
  return {
    kind: 'reserve', key: oauth2ProviderNameKey(organizationId, name), owner: id,
    onTaken: alreadyExists('oauth2_provider', name, 'a resource with the same name already exists'),
  }
}

function secretWrite(command: WriteOauth2Provider): Extra[] {
  if (command.sealedClientSecret === undefined) return []
  return [{ kind: 'put', key: oauth2ProviderSecretKey(command.organizationId, command.id), attributes: { sealedSecret: command.sealedClientSecret } }]
}
