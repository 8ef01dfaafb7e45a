// The OAuth2 providers of an organization, one item per live provider in one partition, sorted by id. Items hold
// no secret: the sealed client secret is a state item (domain/nscale/oauth2Provider/decide.ts).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { Oauth2ProviderEvent } from '../../domain/nscale/oauth2Provider/events.js'
import { evolveOauth2Provider, liveOauth2Provider, OAUTH2_PROVIDER, type Oauth2Provider } from '../../domain/nscale/oauth2Provider/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const OAUTH2_PROVIDER_LIST = 'nscaleOauth2ProviderList'
export const OAUTH2_PROVIDER_PARTITION = 'nscale-oauth2-providers'

export type Oauth2ProviderListItem = Oauth2Provider & Record<string, unknown>

export function oauth2ProviderListKey(organizationId: string, id: string): ModelKey {
  return { scope: organizationId, partition: OAUTH2_PROVIDER_PARTITION, sort: id }
}

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return oauth2ProviderListKey(organizationId, aggregateId)
}

export const oauth2ProviderList: PureProjection<Oauth2ProviderListItem> = {
  kind: 'pure',
  name: OAUTH2_PROVIDER_LIST,
  aggregateTypes: [OAUTH2_PROVIDER],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const before = current.get(id)
    const after = liveOauth2Provider(evolveOauth2Provider({ provider: before, deleted: false }, event as Oauth2ProviderEvent))
    return new Map([[id, after ? (after as Oauth2ProviderListItem) : null]])
  },
}
