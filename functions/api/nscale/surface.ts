// The nscale surface as the app serves it: the wire layer built with the real ports (service-account tokens through
// the credential items, OIDC access tokens through the verifiers the OIDC provider adds, the authorization core's
// check for every route).
import type { Hono } from 'hono'
import { RBAC_CONFIG } from '../../../domain/nscale/rbac/config.js'
import { serviceAccountTokenVerifier, type BearerVerifier } from '../../auth/bearer.js'
import { sharedAuthFailureLimiter } from '../../auth/rateLimit.js'
import type { AppDeps } from '../deps.js'
import { oidcBearerVerifier, oidcSignupRoutes } from '../../oidc/surface.js'
import type { Surface } from '../surface.js'
import { nscaleApp } from './app.js'
import { membershipIndex } from './memberships.js'
import { BASE_PATH } from './routes.js'

/**
 * Bearer verifiers besides service-account tokens, built from the app's deps (the OIDC provider adds its access-token
 * verifier here: `(deps) => oidcAccessTokenVerifier(deps)`).
 */
export const NSCALE_BEARER_VERIFIERS: ReadonlyArray<(deps: AppDeps) => BearerVerifier> = [oidcBearerVerifier]

/** Routes under /api/v1 besides the REST operations (the OIDC provider's signup), built from the app's deps. */
export const NSCALE_EXTRA_ROUTES: ReadonlyArray<(deps: AppDeps) => Hono<any, any, any>> = [oidcSignupRoutes]

export const nscaleSurface: Surface = {
  name: 'nscale',
  prefixes: [BASE_PATH],
  routes: (deps: AppDeps) =>
    nscaleApp({
      clock: deps.clock,
      ids: deps.ids,
      verifiers: [serviceAccountTokenVerifier(deps.dynamo), ...NSCALE_BEARER_VERIFIERS.map((build) => build(deps))],
      memberships: membershipIndex(deps.dynamo),
      authFailures: sharedAuthFailureLimiter(deps.dynamo, deps.config.authFailLimit),
      services: {
        config: deps.config,
        dynamo: deps.dynamo,
        store: deps.store,
        commands: deps.runner,
        readStore: deps.readStore,
        projector: deps.projector,
        checker: deps.checker,
        keyring: deps.keyring,
        rbac: RBAC_CONFIG,
      },
      extraRoutes: NSCALE_EXTRA_ROUTES.map((build) => build(deps)),
      maxBodyBytes: deps.config.maxBodyBytes,
      logError: (message, details) => deps.logger.error(message, details),
    }),
}
