// Session JWTs of the Scaleway surface (issue 9), signed with the `scaleway-session` keys (functions/auth/
// signingKeys.ts). A token names its session (`jti`); authentication then reads the session's credential item,
// so a deleted, expired or locked-out session is refused at once, whatever the token's own expiry says.
import { normalizeId, toUuid, type Id } from '../../../../domain/core/ids.js'
import type { SigningKeys } from '../../../auth/signingKeys.js'

export const SESSION_PURPOSE = 'scaleway-session'

export interface SessionClaims {
  organizationId: Id
  userId: Id
  sessionId: Id
  /** A grace period has ended: only the password or MFA may be changed (issue 9). */
  restricted: boolean
}

export interface SessionTokens {
  issue(claims: SessionClaims, expiresInSeconds: number): Promise<string>
  /** The claims of a token this surface signed, valid now; undefined for anything else. */
  verify(token: string): Promise<SessionClaims | undefined>
}

export function sessionTokens(keys: Pick<SigningKeys, 'sign' | 'verify'>, publicUrl: string): SessionTokens {
  const issuer = publicUrl.replace(/\/+$/, '')
  const audience = `${issuer}/iam/v1alpha1`
  return {
    issue: (claims, expiresInSeconds) =>
      keys.sign(
        SESSION_PURPOSE,
        { org: toUuid(claims.organizationId), jti: toUuid(claims.sessionId), ...(claims.restricted ? { restricted: true } : {}) },
        { issuer, audience, subject: toUuid(claims.userId), expiresInSeconds, header: { typ: 'JWT' } },
      ),
    async verify(token) {
      const payload = await keys.verify(SESSION_PURPOSE, token, { issuer, audience })
      if (!payload) return undefined
      const organizationId = typeof payload.org === 'string' ? normalizeId(payload.org) : undefined
      const userId = typeof payload.sub === 'string' ? normalizeId(payload.sub) : undefined
      const sessionId = typeof payload.jti === 'string' ? normalizeId(payload.jti) : undefined
      if (!organizationId || !userId || !sessionId) return undefined
      return { organizationId, userId, sessionId, restricted: payload.restricted === true }
    },
  }
}
