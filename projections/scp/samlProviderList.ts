// The SCP SAML providers of an account, for ListSamlProviders: one item per live provider (partition
// `saml-providers`, sort = provider id), folded with the aggregate's evolve. The metadata document itself is left
// out (the list does not show it; it stays in the provider's stream).
import type { SamlProviderEvent } from '../../domain/scp/samlProvider/events.js'
import { evolveSamlProvider, liveSamlProvider, SAML_PROVIDER, type SamlProvider } from '../../domain/scp/samlProvider/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const SCP_SAML_PROVIDER_LIST = 'scpSamlProviderList'
export const SCP_SAML_PROVIDER_LIST_PARTITION = 'saml-providers'

export type SamlProviderListItem = SamlProvider & { [attribute: string]: unknown }

export const scpSamlProviderList = streamItemList<SamlProviderListItem>({
  name: SCP_SAML_PROVIDER_LIST,
  aggregateType: SAML_PROVIDER,
  partition: SCP_SAML_PROVIDER_LIST_PARTITION,
  next: (current, event) => {
    const after = liveSamlProvider(evolveSamlProvider({ provider: current, deleted: false }, event as unknown as SamlProviderEvent))
    return after ? ({ ...after, metadata: after.metadata && { ...after.metadata, data: '' } } as SamlProviderListItem) : null
  },
})
