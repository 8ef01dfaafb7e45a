// The Scaleway surface as the app serves it: the wire layer built with the real ports (API-key credential
// items for authentication, the authorization core's check for every operation's catalogue permission).
import { scalewayAuthorizer } from '../../authz/authorize.js'
import type { Checker } from '../../authz/check.js'
import type { AppDeps } from '../deps.js'
import { createNotifier } from '../../notify/index.js'
import type { Surface } from '../surface.js'
import { sharedAuthFailureLimiter } from '../../auth/rateLimit.js'
import { apiKeyAuthentication } from './auth.js'
import { scalewayApp } from './app.js'
import type { Authorize } from './deps.js'
import { BASE_PATH } from './routes/index.js'
import { sessionAuthentication } from './sessions/authenticate.js'
import { selfServiceAuthorizer } from './sessions/selfService.js'
import { sessionTokens } from './sessions/tokens.js'

/**
 * Operations about the caller alone, which any authenticated caller may call (spec §5.7 #46): CheckPermissions
 * answers only for the caller's own permissions, which it could learn anyway by trying each operation.
 */
const SELF_OPERATIONS: ReadonlySet<string> = new Set(['CheckPermissions'])

/** The check through the authorization core, except for operations about the caller alone. */
function scalewayAuthorize(checker: Checker): Authorize {
  const checked = scalewayAuthorizer(checker)
  return async (request) => (SELF_OPERATIONS.has(request.operationId) ? undefined : checked(request))
}

export const scalewaySurface: Surface = {
  name: 'scaleway',
  prefixes: [BASE_PATH],
  routes: (deps: AppDeps) => {
    const tokens = sessionTokens(deps.signingKeys, deps.config.publicUrl)
    return scalewayApp({
      clock: deps.clock,
      ids: deps.ids,
      authenticate: apiKeyAuthentication(deps.dynamo),
      authenticateSession: sessionAuthentication(deps.dynamo, tokens),
      sessions: { tokens },
      authorize: selfServiceAuthorizer(scalewayAuthorize(deps.checker), deps.dynamo),
      authFailures: sharedAuthFailureLimiter(deps.dynamo, deps.config.authFailLimit),
      services: { dynamo: deps.dynamo, store: deps.store, commands: deps.runner, readStore: deps.readStore, projector: deps.projector, checker: deps.checker, notifier: createNotifier(deps), publicUrl: deps.config.publicUrl, keyring: deps.keyring },
      maxBodyBytes: deps.config.maxBodyBytes,
      logError: (message, details) => deps.logger.error(message, details),
    })
  },
}
