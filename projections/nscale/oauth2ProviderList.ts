// The OAuth2 providers of an organization, one item per live provider in one partition, sorted by id. Items hold
// no secret: the sealed client secret is a state item (domain/nscale/oauth2Provider/decide.ts).
import type { Oauth2ProviderEvent } from '../../domain/nscale/oauth2Provider/events.js'
import { evolveOauth2Provider, liveOauth2Provider, OAUTH2_PROVIDER, type Oauth2Provider } from '../../domain/nscale/oauth2Provider/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const OAUTH2_PROVIDER_LIST = 'nscaleOauth2ProviderList'
export const OAUTH2_PROVIDER_PARTITION = 'nscale-oauth2-providers'

export type Oauth2ProviderListItem = Oauth2Provider & Record<string, unknown>

export const oauth2ProviderList = streamItemList<Oauth2ProviderListItem>({
  name: OAUTH2_PROVIDER_LIST,
  aggregateType: OAUTH2_PROVIDER,
  partition: OAUTH2_PROVIDER_PARTITION,
  next: (current, event) => (liveOauth2Provider(evolveOauth2Provider({ provider: current, deleted: false }, event as unknown as Oauth2ProviderEvent)) as Oauth2ProviderListItem | undefined) ?? null,
})

export const oauth2ProviderListKey = oauth2ProviderList.key
