// The registry of every projection the projector runs. Add a projection here and it is projected, rebuilt and
// repaired like the others.
import { auditLog } from './auditLog.js'
import type { Projection } from './contract.js'
import { credentialExpiry } from './credentialExpiry.js'
import { effectiveGrants } from './effectiveGrants/index.js'
import { apiKeyList } from './scaleway/apiKeyList.js'
import { applicationList } from './scaleway/applicationList.js'
import { groupList } from './scaleway/groupList.js'
import { policyList } from './scaleway/policyList.js'
import { sshKeyList } from './scaleway/sshKeyList.js'
import { userList } from './scaleway/userList.js'
import { sessionList } from './scaleway/sessionList.js'
import { nscaleResourceLists } from './nscale/resourceLists.js'
import { nscaleIdentityLists } from './nscale/identityLists.js'
import { scpLists } from './scp/lists.js'

export const projections: readonly Projection[] = [auditLog, sshKeyList, groupList, policyList, apiKeyList, applicationList, userList, effectiveGrants, credentialExpiry, ...nscaleResourceLists, ...nscaleIdentityLists, ...scpLists, sessionList]
