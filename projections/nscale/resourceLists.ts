// The list projections of the nscale resources (service accounts, OAuth2 providers, allocations), registered
// together in projections/index.ts.
import type { Projection } from '../contract.js'
import { allocationList } from './allocationList.js'
import { oauth2ProviderList } from './oauth2ProviderList.js'
import { serviceAccountList } from './serviceAccountList.js'

export const nscaleResourceLists: readonly Projection[] = [serviceAccountList, oauth2ProviderList, allocationList]
