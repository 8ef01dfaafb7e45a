// The SCP surface's list projections (registered in projections/index.ts as one group).
import type { Projection } from '../contract.js'
import { scpAccessKeyList } from './accessKeyList.js'
import { scpGroupList } from './groupList.js'
import { scpPolicyList } from './policyList.js'
import { scpRoleList } from './roleList.js'
import { scpSamlProviderList } from './samlProviderList.js'

export const scpLists: readonly Projection[] = [scpAccessKeyList, scpGroupList, scpPolicyList, scpRoleList, scpSamlProviderList]
