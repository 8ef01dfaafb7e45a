// The service accounts of an organization, one item per live account in one partition, sorted by id (the
// upstream order of GET …/serviceaccounts). Group membership is not here: groups own it (spec §9 #23).
import type { ServiceAccountEvent } from '../../domain/nscale/serviceAccount/events.js'
import { evolveServiceAccount, liveServiceAccount, SERVICE_ACCOUNT, type ServiceAccount } from '../../domain/nscale/serviceAccount/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const SERVICE_ACCOUNT_LIST = 'nscaleServiceAccountList'
export const SERVICE_ACCOUNT_PARTITION = 'nscale-service-accounts'

export type ServiceAccountListItem = ServiceAccount & Record<string, unknown>

export const serviceAccountList = streamItemList<ServiceAccountListItem>({
  name: SERVICE_ACCOUNT_LIST,
  aggregateType: SERVICE_ACCOUNT,
  partition: SERVICE_ACCOUNT_PARTITION,
  next: (current, event) => (liveServiceAccount(evolveServiceAccount({ account: current, deleted: false }, event as unknown as ServiceAccountEvent)) as ServiceAccountListItem | undefined) ?? null,
})

export const serviceAccountListKey = serviceAccountList.key
