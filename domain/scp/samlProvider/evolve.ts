// An SCP SAML provider folded from its `scp-saml-provider` stream.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { Tag } from '../group/fields.js'
import type { SamlProviderEvent, SamlProviderMetadata } from './events.js'

export const SAML_PROVIDER = 'scp-saml-provider'

export interface SamlProvider {
  id: string
  organizationId: string
  name: string
  description: string | null
  federationType: 'SAML'
  metadata: SamlProviderMetadata | null
  tags: Tag[]
  createdAt: string
  createdBy: string
  modifiedAt: string
  modifiedBy: string
}

export interface SamlProviderState {
  provider?: SamlProvider
  deleted: boolean
}

export function samlProviderStream(organizationId: string, providerId: string): string {
  return streamId(organizationId, SAML_PROVIDER, providerId)
}

export function evolveSamlProvider(state: SamlProviderState, event: SamlProviderEvent): SamlProviderState {
  if (event.type === 'ScpSamlProviderCreated') {
    const { at, by, ...provider } = event.data
    return { deleted: false, provider: { ...provider, createdAt: at, createdBy: by, modifiedAt: at, modifiedBy: by } }
  }
  const provider = state.provider
  if (!provider) return state
  if (event.type === 'ScpSamlProviderDeleted') return { ...state, deleted: true }
  const { at, by, ...changes } = event.data
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))
  return { ...state, provider: { ...provider, ...defined, modifiedAt: at, modifiedBy: by } }
}

export function liveSamlProvider(state: SamlProviderState): SamlProvider | undefined {
  return state.deleted ? undefined : state.provider
}

export const samlProviderDecider: Decider<SamlProviderState, SamlProviderEvent> = {
  aggregateType: SAML_PROVIDER,
  initialState: () => ({ deleted: false }),
  evolve: evolveSamlProvider,
}
