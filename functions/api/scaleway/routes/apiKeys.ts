import { createRoute } from '@hono/zod-openapi'
import { AccessKeyParams, APIKey, CreateAPIKeyBody, ListAPIKeysQuery, ListAPIKeysResponse, UpdateAPIKeyBody } from '../schemas/apiKeys.js'
import { jsonBody, noContent, ok } from './define.js'

const tags = ['API Keys']

export const apiKeyRoutes = {
  ListAPIKeys: createRoute({
    method: 'get', path: '/api-keys', operationId: 'ListAPIKeys', tags, summary: 'List API keys',
    request: { query: ListAPIKeysQuery }, responses: ok(ListAPIKeysResponse),
  }),
  CreateAPIKey: createRoute({
    method: 'post', path: '/api-keys', operationId: 'CreateAPIKey', tags, summary: 'Create an API key',
    request: { body: jsonBody(CreateAPIKeyBody) }, responses: ok(APIKey),
  }),
  GetAPIKey: createRoute({
    method: 'get', path: '/api-keys/{access_key}', operationId: 'GetAPIKey', tags, summary: 'Get an API key',
    request: { params: AccessKeyParams }, responses: ok(APIKey),
  }),
  UpdateAPIKey: createRoute({
    method: 'patch', path: '/api-keys/{access_key}', operationId: 'UpdateAPIKey', tags, summary: 'Update an API key',
    request: { params: AccessKeyParams, body: jsonBody(UpdateAPIKeyBody) }, responses: ok(APIKey),
  }),
  DeleteAPIKey: createRoute({
    method: 'delete', path: '/api-keys/{access_key}', operationId: 'DeleteAPIKey', tags, summary: 'Delete an API key',
    request: { params: AccessKeyParams }, responses: noContent,
  }),
}
