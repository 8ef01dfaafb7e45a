// User policy bindings (UPB-1..3): `/v1/users/{user_id}/policy-bindings`, the user being an account user
// (a live principal of kind user). Bindings go both ways in one request (domain/scp/policy/bind.ts).
import { notFound } from '../../../../domain/core/errors.js'
import { identityIsLive } from '../../../../domain/scp/links/identities.js'
import { defineHandlers, operation } from '../operation.js'
import { changeIdentityPolicies, listIdentityPolicies } from './identityPolicies.js'
import { storeLoader } from './identityViews.js'
import { BoundPolicyListQuery, OptionalPolicyIdsRequest, UserPolicyPageResponse, UserPolicyResponse } from './policySchemas.js'

export const userPolicyHandlers = defineHandlers(
  operation('AttachUserPolicies', {
    body: OptionalPolicyIdsRequest,
    response: UserPolicyResponse,
    handler: (request) => {
      const userId = request.params.user_id!
      return changeIdentityPolicies(request, 'USER', userId, request.body.policy_ids, true, (policies) => ({ policies, user_id: userId }))
    },
  }),

  operation('ListUserPolicies', {
    query: BoundPolicyListQuery,
    response: UserPolicyPageResponse,
    handler: async (request) => {
      const userId = request.params.user_id!
      if (!(await identityIsLive(storeLoader(request.services), request.organizationId, 'USER', userId))) return notFound('user', userId)
      return { body: { ...(await listIdentityPolicies(request, userId)), user_id: userId } }
    },
  }),

  operation('DetachUserPolicy', {
    handler: (request) => changeIdentityPolicies(request, 'USER', request.params.user_id!, [request.params.policy_id!], false, () => undefined),
  }),
)
