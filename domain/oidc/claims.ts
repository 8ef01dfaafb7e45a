// Claims of the tokens the provider issues (spec §5.8). Access tokens are ES512 JWTs naming their session, so a
// bearer check is a local signature check plus one read of the session's revocation state.
import { createHash } from 'node:crypto'

/** `fed`: a person signed in through an upstream IdP; `svc`: a platform client (client_credentials). */
export type AccessTokenType = 'fed' | 'svc'

export interface AccessTokenClaims {
  [claim: string]: unknown
  jti: string
  typ: AccessTokenType
  /** The OAuth2 client. */
  cid: string
  /** Granted scope, space separated. */
  sco: string
  /** The session (fed): the one live access token of (subject, client). */
  sid?: string
  /** The upstream provider that authenticated the person (fed). */
  idp?: string
}

export const ACCESS_TOKEN_TYP = 'at+jwt'

export function scopes(scope: string): Set<string> {
  return new Set(scope.split(' ').filter(Boolean))
}

/** base64url of the left half of SHA-512 over the access token (ES512's hash; OIDC Core §3.1.3.6). */
export function atHash(accessToken: string): string {
  const digest = createHash('sha512').update(accessToken, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

export interface IdTokenInput {
  clientId: string
  email: string
  scope: string
  nonce?: string
  authTime: number
  accessToken: string
  profile?: { name?: string; given_name?: string; family_name?: string }
}

/** ID-token claims besides iss, sub, aud, iat and exp (the signer adds those). */
export function idTokenClaims(input: IdTokenInput): Record<string, unknown> {
  const granted = scopes(input.scope)
  return {
    azp: input.clientId,
    auth_time: input.authTime,
    at_hash: atHash(input.accessToken),
    ...(input.nonce ? { nonce: input.nonce } : {}),
    ...(granted.has('email') ? { email: input.email, email_verified: true } : {}),
    ...(granted.has('profile') ? stripUndefined(input.profile ?? {}) : {}),
  }
}

/** The userinfo answer (spec §5.10): `sub`, plus the e-mail when the token's scope has `email`. */
export function userinfo(subject: string, scope: string, type: AccessTokenType): Record<string, unknown> {
  return type === 'fed' && scopes(scope).has('email') ? { sub: subject, email: subject, email_verified: true } : { sub: subject }
}

function stripUndefined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined))
}
