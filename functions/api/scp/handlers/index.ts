// The registry of SCP operation handlers. Every one of the 62 operations of domain/scp/routes.ts is routed from the
// start; an operation absent from this registry answers 501 `not_implemented` in the SCP error body, after
// version, signature and authorization checks like any other.
//
// To add operations:
//   1. write `functions/api/scp/handlers/<resource>.ts` exporting
//        export const groupHandlers = defineHandlers(operation('CreateGroup', { body, response, status: 201, handler }), …)
//      (`operation`, `defineHandlers` and what a handler receives: ../operation.ts; errors: return a DomainError
//      or throw DomainFailure; lists: ../paging.ts; SRNs: ../srn.ts and ../params.ts);
//   2. add it to the `defineHandlers(...)` call below (one import, one name: re-read this file right before the
//      edit, others edit it too). An operation defined twice fails at start.
//   3. mark it `implemented` in README's "SCP IAM surface" table.
import { defineHandlers } from '../operation.js'
import { accessKeyHandlers } from './accessKeys.js'
import { catalogueHandlers } from './catalogue.js'
import { resourcePolicyHandlers } from './resourcePolicies.js'
import { roleHandlers } from './roles.js'
import { samlProviderHandlers } from './samlProviders.js'
import { userHandlers } from './users.js'
import { groupHandlers } from './groups.js'
import { policyHandlers } from './policies.js'
import { userPolicyHandlers } from './userPolicies.js'

export const scpHandlers = defineHandlers(accessKeyHandlers, catalogueHandlers, userHandlers, roleHandlers, resourcePolicyHandlers, groupHandlers, policyHandlers, userPolicyHandlers, samlProviderHandlers)
