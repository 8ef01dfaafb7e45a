// Bearer tokens of the nscale surface (`Authorization: Bearer <token>`, spec §2.1). A token is resolved by the
// first verifier that accepts its shape:
//   - service-account tokens: opaque random secrets, looked up by SHA-256 through the credential items
//     (`authenticateSecret`, kind `nscale_service_account_token`), never a projection (DESIGN §4);
//   - OIDC access tokens (JWTs the nscale OIDC provider signs): a `BearerVerifier` the OIDC provider supplies
//     (verified locally against the JWKS and the session's revocation state).
// A verifier answers who the token names; the surface then finds that identity's principal in the organization
// a request is about (`principalIn`) and authorizes that principal through the check.
import type { Dynamo } from '../store/dynamo.js'
import { newSecretToken } from '../store/secrets.js'
import { authenticateSecret, type AuthenticationFailure } from './credentials.js'

/** Who a valid bearer token names. `subject` is what `createdBy`/`modifiedBy` record (spec §2.4). */
export type BearerIdentity =
  /** A service account of one organization; its subject is its id. */
  | { kind: 'service_account'; subject: string; organizationId: string; principalId: string; credentialId: string }
  /** A person signed in through the OIDC provider; their subject is their e-mail address. */
  | { kind: 'user'; subject: string; sessionId?: string; clientId?: string }
  /** A platform service signed in with client credentials (`svc` tokens, spec §5.7); its subject is its client id. */
  | { kind: 'system_account'; subject: string; clientId: string }

export type BearerOutcome = { ok: true; identity: BearerIdentity } | { ok: false; reason: AuthenticationFailure }

export interface BearerVerifier {
  /** Whether the token has this verifier's shape (no I/O): the first verifier that accepts it decides. */
  accepts(token: string): boolean
  verify(token: string, now: Date): Promise<BearerOutcome>
}

/** A JWT: three base64url parts. */
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
/** Longest bearer token read; a longer one is refused without a lookup. */
export const BEARER_MAX = 8192

/** A new service-account token: 32 random bytes, base64url (43 characters, never JWT-shaped). Store only its hash. */
export function newServiceAccountToken(): string {
  return newSecretToken(32)
}

/** Service-account tokens through their credential items. */
export function serviceAccountTokenVerifier(dynamo: Dynamo): BearerVerifier {
  return {
    accepts: (token) => !token.includes('.'),
    async verify(token, now) {
      const result = await authenticateSecret(dynamo, token, now)
      if (!result.ok) return result
      const { principal } = result
      // Another surface's secret (a Scaleway key, a session) is not a service-account token here.
      if (principal.kind !== 'nscale_service_account_token' || principal.principalKind !== 'service_account') return { ok: false, reason: 'not_found' }
      return {
        ok: true,
        identity: {
          kind: 'service_account',
          subject: principal.principalId,
          organizationId: principal.organizationId,
          principalId: principal.principalId,
          credentialId: principal.credentialId,
        },
      }
    },
  }
}

/** Tries the verifiers in order; a token no verifier accepts is malformed. */
export async function verifyBearer(verifiers: readonly BearerVerifier[], token: string, now: Date): Promise<BearerOutcome> {
  if (token.length === 0 || token.length > BEARER_MAX) return { ok: false, reason: 'invalid_argument' }
  const verifier = verifiers.find((candidate) => candidate.accepts(token))
  return verifier ? verifier.verify(token, now) : { ok: false, reason: 'invalid_argument' }
}
