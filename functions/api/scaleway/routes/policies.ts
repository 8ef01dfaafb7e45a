import { createRoute } from '@hono/zod-openapi'
import {
  ClonePolicyBody, CreatePolicyBody, ListPoliciesQuery, ListPoliciesResponse, ListRulesQuery, ListRulesResponse, Policy, PolicyParams,
  SetRulesBody, SetRulesResponse, UpdatePolicyBody,
} from '../schemas/policies.js'
import { jsonBody, noContent, ok } from './define.js'

const tags = ['Policies']

export const policyRoutes = {
  ListPolicies: createRoute({
    method: 'get', path: '/policies', operationId: 'ListPolicies', tags, summary: 'List policies of an Organization',
    request: { query: ListPoliciesQuery }, responses: ok(ListPoliciesResponse),
  }),
  CreatePolicy: createRoute({
    method: 'post', path: '/policies', operationId: 'CreatePolicy', tags, summary: 'Create a new policy',
    request: { body: jsonBody(CreatePolicyBody) }, responses: ok(Policy),
  }),
  GetPolicy: createRoute({
    method: 'get', path: '/policies/{policy_id}', operationId: 'GetPolicy', tags, summary: 'Get an existing policy',
    request: { params: PolicyParams }, responses: ok(Policy),
  }),
  UpdatePolicy: createRoute({
    method: 'patch', path: '/policies/{policy_id}', operationId: 'UpdatePolicy', tags, summary: 'Update an existing policy',
    request: { params: PolicyParams, body: jsonBody(UpdatePolicyBody) }, responses: ok(Policy),
  }),
  DeletePolicy: createRoute({
    method: 'delete', path: '/policies/{policy_id}', operationId: 'DeletePolicy', tags, summary: 'Delete a policy',
    request: { params: PolicyParams }, responses: noContent,
  }),
  ClonePolicy: createRoute({
    method: 'post', path: '/policies/{policy_id}/clone', operationId: 'ClonePolicy', tags, summary: 'Clone a policy',
    request: { params: PolicyParams, body: jsonBody(ClonePolicyBody) }, responses: ok(Policy),
  }),
  ListRules: createRoute({
    method: 'get', path: '/rules', operationId: 'ListRules', tags: ['Rules'], summary: 'List rules of a given policy',
    request: { query: ListRulesQuery }, responses: ok(ListRulesResponse),
  }),
  SetRules: createRoute({
    method: 'put', path: '/rules', operationId: 'SetRules', tags: ['Rules'], summary: 'Set rules of a given policy',
    request: { body: jsonBody(SetRulesBody) }, responses: ok(SetRulesResponse),
  }),
}
