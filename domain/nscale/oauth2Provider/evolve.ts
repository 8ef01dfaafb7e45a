// The state of an organization's OAuth2 provider, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ResourceHistory, ResourceMetadata } from '../resourceMetadata.js'
import type { Oauth2ProviderEvent, Oauth2ProviderSpec } from './events.js'

export const OAUTH2_PROVIDER = 'nscale-oauth2-provider'

export interface Oauth2Provider extends ResourceHistory {
  id: string
  organizationId: string
  metadata: ResourceMetadata
  spec: Oauth2ProviderSpec
  hasClientSecret: boolean
}

export interface Oauth2ProviderState {
  provider?: Oauth2Provider
  deleted: boolean
}

export function evolveOauth2Provider(state: Oauth2ProviderState, event: Oauth2ProviderEvent): Oauth2ProviderState {
  switch (event.type) {
    case 'NscaleOauth2ProviderCreated': {
      const { at, by, ...created } = event.data
      return { provider: { ...created, createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleOauth2ProviderUpdated': {
      if (!state.provider) return state
      const { metadata, spec, clientSecretSet, at, by } = event.data
      const hasClientSecret = state.provider.hasClientSecret || clientSecretSet
      return { ...state, provider: { ...state.provider, metadata, spec, hasClientSecret, modifiedAt: at, modifiedBy: by } }
    }
    case 'NscaleOauth2ProviderDeleted':
      return { ...state, deleted: true }
  }
}

export const oauth2ProviderDecider: Decider<Oauth2ProviderState, Oauth2ProviderEvent> = {
  aggregateType: OAUTH2_PROVIDER,
  initialState: () => ({ deleted: false }),
  evolve: evolveOauth2Provider,
}

export function oauth2ProviderStreamId(organizationId: string, providerId: string): string {
  return streamId(organizationId, OAUTH2_PROVIDER, providerId)
}

export function liveOauth2Provider(state: Oauth2ProviderState): Oauth2Provider | undefined {
  return state.deleted ? undefined : state.provider
}
