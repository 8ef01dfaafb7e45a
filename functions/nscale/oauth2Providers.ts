// Upstream OIDC provider records for federation (the nscale OIDC provider's login and callback): an
// organization's providers (aggregate `nscale-oauth2-provider`, secret sealed by the keyring) and the system
// providers of the configuration, with the client secret decrypted. Reads are consistent (the provider's own
// stream and its secret item), so a provider works the moment it is written.
import { fold } from '../../domain/core/decider.js'
import { normalizeId } from '../../domain/core/ids.js'
import { oauth2ProviderSecretKey } from '../../domain/nscale/oauth2Provider/decide.js'
import type { Oauth2ProviderEvent, Oauth2ProviderType } from '../../domain/nscale/oauth2Provider/events.js'
import { liveOauth2Provider, oauth2ProviderDecider, oauth2ProviderStreamId } from '../../domain/nscale/oauth2Provider/evolve.js'
import { deterministicId, providerTypeOf } from '../../domain/nscale/oauth2Provider/systemProviders.js'
import type { EventStore } from '../../domain/core/ports.js'
import type { SystemOidcProvider } from '../config.js'
import type { Dynamo } from '../store/dynamo.js'
import type { Keyring } from '../store/keyring.js'
import { readStateItem } from '../store/stateStore.js'

export interface UpstreamProvider {
  /** Canonical 32 hex for an organization's provider; a system provider's deterministic UUID. */
  id: string
  scope: 'organization' | 'global'
  /** The owning organization (canonical); absent for a system provider. */
  organizationId?: string
  name: string
  type?: Oauth2ProviderType
  issuer: string
  clientId: string
  clientSecret?: string
}

/** An organization's provider by id, with its decrypted secret; undefined when unknown, deleted or another tenant's. */
export async function readOrganizationProvider(
  deps: { store: EventStore; dynamo: Dynamo; keyring: Keyring; now: Date },
  organizationId: string,
  providerId: string,
): Promise<UpstreamProvider | undefined> {
  const org = normalizeId(organizationId)
  const id = normalizeId(providerId)
  if (!org || !id) return undefined
  const streamId = oauth2ProviderStreamId(org, id)
  const events = (await deps.store.load([streamId])).get(streamId) ?? []
  const provider = liveOauth2Provider(fold(oauth2ProviderDecider, events as unknown as Oauth2ProviderEvent[]))
  if (!provider) return undefined
  const item = provider.hasClientSecret ? await readStateItem(deps.dynamo, oauth2ProviderSecretKey(org, id), deps.now) : undefined
  const sealed = typeof item?.sealedSecret === 'string' ? item.sealedSecret : undefined
  return {
    id, scope: 'organization', organizationId: org, name: provider.metadata.name, ...(provider.spec.type ? { type: provider.spec.type } : {}),
    issuer: provider.spec.issuer, clientId: provider.spec.clientID,
    ...(sealed ? { clientSecret: await deps.keyring.decryptText(org, sealed) } : {}),
  }
}

/** The system providers of the configuration (IAM_NSCALE_OIDC_PROVIDERS), with their deterministic ids. */
export function systemProviders(configured: readonly SystemOidcProvider[]): UpstreamProvider[] {
  return configured.map((provider) => {
    const type = provider.type ?? providerTypeOf(provider.name)
    return {
      id: deterministicId(provider.name), scope: 'global', name: provider.name, ...(type ? { type } : {}), issuer: provider.issuer,
      clientId: provider.clientId, ...(provider.clientSecret ? { clientSecret: provider.clientSecret } : {}),
    }
  })
}

/** A system provider by its name, its deterministic id (any UUID rendering) or its type (spec §5.4: login sends a type). */
export function systemProvider(configured: readonly SystemOidcProvider[], wanted: string): UpstreamProvider | undefined {
  const id = normalizeId(wanted)
  const providers = systemProviders(configured)
  return providers.find((provider) => provider.name === wanted || (id !== undefined && normalizeId(provider.id) === id)) ?? providers.find((provider) => provider.type === wanted)
}
