// Issuing and verifying the provider's tokens (spec §5.7–5.9). Access and ID tokens are ES512 JWTs signed by the
// `nscale-oidc` signing keys; a `fed` access token names its session, and is valid only while it is that session's
// one live access token. Refresh tokens are opaque (`<session ref>.<secret>`), stored as SHA-256 hashes.
import type { JWTPayload } from 'jose'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import { ACCESS_TOKEN_TYP, idTokenClaims, type AccessTokenClaims } from '../../domain/oidc/claims.js'
import { afterRotation, type ProfileClaims, type SessionRecord } from '../../domain/oidc/session.js'
import type { SigningKeys } from '../auth/signingKeys.js'
import type { NscaleOidcSettings } from '../config.js'
import { newSecretToken, sha256Hex } from '../store/secrets.js'
import type { ClientDirectory } from './clients.js'
import { sessionRef, type OidcSessions } from './sessions.js'

export const OIDC_PURPOSE = 'nscale-oidc'

export interface TokenResponse {
  token_type: 'Bearer'
  access_token: string
  refresh_token?: string
  id_token?: string
  expires_in: number
}

export interface OidcTokensDeps {
  issuer: string
  settings: NscaleOidcSettings
  signingKeys: SigningKeys
  sessions: OidcSessions
  clients: ClientDirectory
  clock: Clock
  ids: IdGenerator
}

/** What a valid access token names. */
export interface VerifiedAccessToken {
  subject: string
  claims: AccessTokenClaims
  session?: SessionRecord
}

export interface SessionGrant {
  subject: string
  clientId: string
  scope: string
  provider: string
  authTime: number
  nonce?: string
  profile?: ProfileClaims
  codeHash: string
}

export function oidcTokens(deps: OidcTokensDeps) {
  const { issuer, settings, signingKeys, clock, ids } = deps
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000)

  async function accessToken(subject: string, claims: Omit<AccessTokenClaims, 'jti'>, jti = ids.newUlid()): Promise<{ token: string; jti: string }> {
    const token = await signingKeys.sign(OIDC_PURPOSE, { ...claims, jti }, {
      issuer,
      audience: issuer,
      subject,
      expiresInSeconds: settings.accessTokenSeconds,
      header: { typ: ACCESS_TOKEN_TYP },
    })
    return { token, jti }
  }

  /** A new refresh token of session `ref` and its hash. */
  function refreshToken(ref: string): { token: string; hash: string } {
    const token = `${ref}.${newSecretToken(32)}`
    return { token, hash: sha256Hex(token) }
  }

  return {
    /** A fresh session for (subject, client): its tokens and the record to store (replacing any previous session). */
    async openSession(grant: SessionGrant): Promise<{ response: TokenResponse; session: SessionRecord }> {
      const ref = sessionRef(grant.clientId, grant.subject)
      const access = await accessToken(grant.subject, { typ: 'fed', cid: grant.clientId, sco: grant.scope, sid: ref, idp: grant.provider })
      const refresh = refreshToken(ref)
      const session: SessionRecord = {
        ref,
        subject: grant.subject,
        clientId: grant.clientId,
        accessTokenId: access.jti,
        refreshHash: refresh.hash,
        usedRefreshHashes: [],
        codeHash: grant.codeHash,
        scope: grant.scope,
        provider: grant.provider,
        authTime: grant.authTime,
        expiresAt: nowSeconds() + settings.refreshTokenDays * 86_400,
      }
      const idToken = grant.scope.split(' ').includes('openid')
        ? await signingKeys.sign(
            OIDC_PURPOSE,
            idTokenClaims({ clientId: grant.clientId, email: grant.subject, scope: grant.scope, authTime: grant.authTime, accessToken: access.token, ...(grant.nonce ? { nonce: grant.nonce } : {}), ...(grant.profile ? { profile: grant.profile } : {}) }),
            { issuer, audience: [grant.clientId], subject: grant.subject, expiresInSeconds: settings.accessTokenSeconds },
          )
        : undefined
      return {
        session,
        response: {
          token_type: 'Bearer',
          access_token: access.token,
          refresh_token: refresh.token,
          ...(idToken ? { id_token: idToken } : {}),
          expires_in: settings.accessTokenSeconds,
        },
      }
    },

    /** The next tokens of a session whose refresh token was just presented (no ID token, spec §5.7). */
    async rotate(session: SessionRecord): Promise<{ response: TokenResponse; session: SessionRecord }> {
      const access = await accessToken(session.subject, { typ: 'fed', cid: session.clientId, sco: session.scope, sid: session.ref, idp: session.provider })
      const refresh = refreshToken(session.ref)
      return {
        session: { ...session, accessTokenId: access.jti, refreshHash: refresh.hash, usedRefreshHashes: afterRotation(session) },
        response: { token_type: 'Bearer', access_token: access.token, refresh_token: refresh.token, expires_in: settings.accessTokenSeconds },
      }
    },

    /** A platform client's token (client_credentials): no session, no refresh token. */
    async clientToken(clientId: string, scope: string): Promise<TokenResponse> {
      const access = await accessToken(clientId, { typ: 'svc', cid: clientId, sco: scope })
      return { token_type: 'Bearer', access_token: access.token, expires_in: settings.accessTokenSeconds }
    },

    /** The session a refresh token names (by its ref) and the token's hash; undefined for a malformed token. */
    refreshTokenParts(token: string): { ref: string; hash: string } | undefined {
      if (typeof token !== 'string' || token.length > 200) return undefined
      const [ref, secret, extra] = token.split('.')
      if (!ref || !secret || extra !== undefined || !/^[0-9a-f]{40}$/.test(ref)) return undefined
      return { ref, hash: sha256Hex(token) }
    },

    /** A valid access token: signature, issuer and audience, and (fed) still its session's live token. */
    async verifyAccessToken(token: string): Promise<VerifiedAccessToken | undefined> {
      const payload = await signingKeys.verify(OIDC_PURPOSE, token, { issuer, audience: issuer, typ: ACCESS_TOKEN_TYP })
      const claims = accessClaims(payload)
      if (!claims || !payload?.sub) return undefined
      if (claims.typ === 'svc') {
        return settings.platformClients.includes(claims.cid) && (await deps.clients.find(claims.cid)) ? { subject: payload.sub, claims } : undefined
      }
      if (!claims.sid) return undefined
      const session = await deps.sessions.readSession(claims.sid, clock.now())
      if (!session || session.accessTokenId !== claims.jti || session.subject !== payload.sub) return undefined
      return { subject: payload.sub, claims, session }
    },
  }
}

export type OidcTokens = ReturnType<typeof oidcTokens>

function accessClaims(payload: JWTPayload | undefined): AccessTokenClaims | undefined {
  if (!payload) return undefined
  const { jti, typ, cid, sco, sid, idp } = payload as Record<string, unknown>
  if (typeof jti !== 'string' || (typ !== 'fed' && typ !== 'svc') || typeof cid !== 'string' || typeof sco !== 'string') return undefined
  return { jti, typ, cid, sco, ...(typeof sid === 'string' ? { sid } : {}), ...(typeof idp === 'string' ? { idp } : {}) }
}
