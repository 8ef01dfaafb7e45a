// The authorization API (`/authz/v1`) as a surface of the app.
import { sharedAuthFailureLimiter } from '../auth/rateLimit.js'
import type { Surface } from '../api/surface.js'
import { authzApp } from './http.js'

export const authzSurface: Surface = {
  name: 'authz',
  // Not claimed: the app's own body limit guards it (the authorization API has no limit of its own).
  prefixes: [],
  routes: (deps) =>
    authzApp({
      dynamo: deps.dynamo,
      checker: deps.checker,
      clock: deps.clock,
      ids: deps.ids,
      authFailures: sharedAuthFailureLimiter(deps.dynamo, deps.config.authFailLimit),
      logError: (message, details) => deps.logger.error(message, details),
    }),
}
