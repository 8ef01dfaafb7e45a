// The OIDC provider as the app serves it: its own surface (discovery, JWKS, OAuth2 endpoints, sign-in), the bearer
// verifier the nscale surface uses for OIDC access tokens on /api/v1, and the signup route under /api/v1. All three
// share one set of ports per app deps.
import type { Hono } from 'hono'
import type { BearerVerifier } from '../auth/bearer.js'
import { JWT_SHAPE, serviceAccountTokenVerifier } from '../auth/bearer.js'
import { sharedAuthFailureLimiter } from '../auth/rateLimit.js'
import { sha256Hex } from '../store/secrets.js'
import { toUuid } from '../../domain/core/ids.js'
import type { AppDeps } from '../api/deps.js'
import type { Surface } from '../api/surface.js'
import { oidcApp, signupApp, type OidcDeps } from './app.js'
import { clientDirectory } from './clients.js'
import { createFederation } from './federation.js'
import { abandonOnboardedOrganization, activateOnboardedMember, onboardPerson } from './onboarding.js'
import { activatePerson, confirmSignedInPerson, readPersonStanding } from './people.js'
import { oidcSessions } from './sessions.js'
import { oidcTokens } from './tokens.js'

const built = new WeakMap<AppDeps, OidcDeps>()

export function oidcDeps(deps: AppDeps): OidcDeps {
  let oidc = built.get(deps)
  if (!oidc) {
    const issuer = deps.config.publicUrl
    const settings = deps.config.nscaleOidc
    const sessions = oidcSessions(deps.dynamo)
    const clients = clientDirectory(deps.dynamo)
    oidc = {
      issuer,
      settings,
      signingKeys: deps.signingKeys,
      clients,
      sessions,
      tokens: oidcTokens({ issuer, settings, signingKeys: deps.signingKeys, sessions, clients, clock: deps.clock, ids: deps.ids }),
      federation: createFederation({ issuer, settings, dynamo: deps.dynamo, store: deps.store, keyring: deps.keyring, sessions, clock: deps.clock }),
      personStanding: (email) => readPersonStanding(deps.dynamo, email),
      activatePerson: (token, meta) => activatePerson({ runner: deps.runner, dynamo: deps.dynamo, clock: deps.clock }, token, meta),
      serviceAccountOf: async (token, sourceIp) => {
        const now = deps.clock.now()
        const limiter = sharedAuthFailureLimiter(deps.dynamo, deps.config.authFailLimit)
        const subject = { sourceIp, credentialHash: sha256Hex(token) }
        const waiting = await limiter.blocked(subject, now)
        if (waiting !== undefined) return { retryAfter: waiting }
        const verified = await serviceAccountTokenVerifier(deps.dynamo).verify(token, now)
        if (verified.ok) return { id: toUuid(verified.identity.subject) }
        return { retryAfter: await limiter.failed(subject, now) }
      },
      onboard: (request, meta) => onboardPerson({ runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring }, request, meta),
      activateMember: (onboarded, meta) => activateOnboardedMember(deps.runner, onboarded, meta),
      abandonOnboarding: (onboarded, meta) => abandonOnboardedOrganization(deps.runner, onboarded, meta),
      confirmPerson: (email, meta) => confirmSignedInPerson(deps.runner, email, meta),
      clock: deps.clock,
      ids: deps.ids,
      logError: (message, details) => deps.logger.error(message, details),
    }
    built.set(deps, oidc)
  }
  return oidc
}

export const oidcSurface: Surface = {
  name: 'oidc',
  // Not claimed: the app's body limit guards these routes (their forms are small).
  prefixes: [],
  routes: (deps) => oidcApp(oidcDeps(deps)),
}

/** OIDC access tokens on /api/v1: signature against the JWKS, then the session's revocation state. */
export function oidcBearerVerifier(deps: AppDeps): BearerVerifier {
  const { tokens } = oidcDeps(deps)
  return {
    accepts: (token) => JWT_SHAPE.test(token),
    async verify(token) {
      const verified = await tokens.verifyAccessToken(token)
      if (!verified) return { ok: false, reason: 'not_found' }
      const { claims } = verified
      if (claims.typ === 'svc') return { ok: true, identity: { kind: 'system_account', subject: verified.subject, clientId: claims.cid } }
      return { ok: true, identity: { kind: 'user', subject: verified.subject, clientId: claims.cid, ...(claims.sid ? { sessionId: claims.sid } : {}) } }
    },
  }
}

export function oidcSignupRoutes(deps: AppDeps): Hono {
  return signupApp(oidcDeps(deps))
}
