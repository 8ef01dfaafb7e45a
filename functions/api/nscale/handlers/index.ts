// Every implemented nscale operation. How to add one:
//   1. write `handlers/<resource>.ts` exporting `defineHandlers(operation('<operationId>', async (request) => …))`
//      (see operation.ts for the request: parsed input with canonical ids, caller, organizationId, meta, access …);
//   2. add the group to the `defineHandlers(…)` call below (a one-line additive edit; re-read this file first).
// The route, its schemas (routes.ts, schemas/) and its authorization check (domain/nscale/routes.ts) already
// exist for all 39 operations; an operation absent from this map answers 501 in the nscale error shape.
import { defineHandlers } from '../operation.js'
import { aclHandlers } from './acl.js'
import { allocationHandlers } from './allocations.js'
import { groupHandlers } from './groups.js'
import { oauth2ProviderHandlers } from './oauth2Providers.js'
import { organizationHandlers } from './organizations.js'
import { projectHandlers } from './projects.js'
import { quotaHandlers } from './quotas.js'
import { roleHandlers } from './roles.js'
import { serviceAccountHandlers } from './serviceAccounts.js'
import { userHandlers } from './users.js'

export const nscaleHandlers = defineHandlers(serviceAccountHandlers, oauth2ProviderHandlers, quotaHandlers, allocationHandlers,
  organizationHandlers, aclHandlers, roleHandlers, groupHandlers, projectHandlers, userHandlers)
