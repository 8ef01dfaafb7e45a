// The authorization core's adapters: the check, the HTTP API other services call, and the Scaleway surface's port.
export {
  createChecker, MAX_DISTINCT_RESOURCES,
  type Checker, type CheckerDeps, type CheckRequest, type BatchCheckRequest, type CheckItem, type CheckPrincipal, type CheckResult,
  type CheckExplanation, type CheckReason, type Consistency,
} from './check.js'
export { createCompiledCache, type CompiledCache } from './compiledCache.js'
export { authzApp, AUTHZ_BASE_PATH, AUTHZ_OPENAPI_PATH, AUTHZ_PUBLIC_ROUTES, type AuthzDeps } from './http.js'
export { scalewayAuthorizer } from './authorize.js'
