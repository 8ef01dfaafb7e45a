// The SCP SAML providers of an account, for ListSamlProviders: one item per live provider (partition
// `saml-providers`, sort = provider id), folded with the aggregate's evolve. The metadata document itself is left
// out (the list does not show it; it stays in the provider's stream).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { SamlProviderEvent } from '../../domain/scp/samlProvider/events.js'
import { evolveSamlProvider, liveSamlProvider, SAML_PROVIDER, type SamlProvider } from '../../domain/scp/samlProvider/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SCP_SAML_PROVIDER_LIST = 'scpSamlProviderList'
export const SCP_SAML_PROVIDER_LIST_PARTITION = 'saml-providers'

export type SamlProviderListItem = SamlProvider & { [attribute: string]: unknown }

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return aggregateType === SAML_PROVIDER && organizationId && aggregateId
    ? { scope: organizationId, partition: SCP_SAML_PROVIDER_LIST_PARTITION, sort: aggregateId }
    : undefined
}

export const scpSamlProviderList: PureProjection<SamlProviderListItem> = {
  kind: 'pure',
  name: SCP_SAML_PROVIDER_LIST,
  aggregateTypes: [SAML_PROVIDER],
  keys(event) {
    const key = keyOf(event)
    return key ? [key] : []
  },
  evolve(current, event) {
    const key = keyOf(event)
    if (!key) return new Map()
    const id = modelKeyId(key)
    const after = liveSamlProvider(evolveSamlProvider({ provider: current.get(id) ?? undefined, deleted: false }, event as unknown as SamlProviderEvent))
    if (!after) return new Map([[id, null]])
    const metadata = after.metadata && { ...after.metadata, data: '' }
    return new Map([[id, { ...after, metadata } as SamlProviderListItem]])
  },
}
