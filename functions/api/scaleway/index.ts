// The Scaleway IAM v1alpha1 surface: its app, the ports it is built with, and what handlers are written with.
export { apiKeyAuthentication } from './auth.js'
export { scalewayApp, OPENAPI_PATH, SCALEWAY_PUBLIC_ROUTES, SCALEWAY_ROUTE_TABLE, type RouteEntry } from './app.js'
export type {
  Authenticate, AuthenticateSession, AuthFailureLimiter, AuthorizeRequest, Authorize, AuthSubject, CommandRunner, Principal,
  ScalewayDeps, ScalewayServices, Scope,
} from './deps.js'
export {
  defineHandlers, operation, type Handlers, type OperationHandler, type OperationInput, type OperationOutput, type OperationRequest,
  type OperationResult, type OperationSuccess,
} from './operation.js'
export { scalewayHandlers } from './handlers/index.js'
export { BASE_PATH, OPERATION_IDS, ROUTES, type OperationId } from './routes/index.js'
export * as paging from './paging.js'
