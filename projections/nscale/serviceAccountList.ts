// The service accounts of an organization, one item per live account in one partition, sorted by id (the
// upstream order of GET …/serviceaccounts). Group membership is not here: groups own it (spec §9 #23).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { ServiceAccountEvent } from '../../domain/nscale/serviceAccount/events.js'
import { evolveServiceAccount, liveServiceAccount, SERVICE_ACCOUNT, type ServiceAccount } from '../../domain/nscale/serviceAccount/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SERVICE_ACCOUNT_LIST = 'nscaleServiceAccountList'
export const SERVICE_ACCOUNT_PARTITION = 'nscale-service-accounts'

export type ServiceAccountListItem = ServiceAccount & Record<string, unknown>

export function serviceAccountListKey(organizationId: string, id: string): ModelKey {
  return { scope: organizationId, partition: SERVICE_ACCOUNT_PARTITION, sort: id }
}

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return serviceAccountListKey(organizationId, aggregateId)
}

export const serviceAccountList: PureProjection<ServiceAccountListItem> = {
  kind: 'pure',
  name: SERVICE_ACCOUNT_LIST,
  aggregateTypes: [SERVICE_ACCOUNT],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const before = current.get(id)
    const after = liveServiceAccount(evolveServiceAccount({ account: before, deleted: false }, event as ServiceAccountEvent))
    return new Map([[id, after ? (after as ServiceAccountListItem) : null]])
  },
}
