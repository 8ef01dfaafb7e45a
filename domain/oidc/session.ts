// One session per (person, client) (spec §5.9): it holds the id of the one live access token and the hash of the one
// single-use refresh token. A new issue replaces both; a reused code or refresh token revokes the session.
export interface SessionRecord {
  /** Where the session lives: derived from (client, subject), carried by its refresh tokens. */
  ref: string
  subject: string
  clientId: string
  /** The jti of the one live access token. */
  accessTokenId: string
  refreshHash: string
  /** Refresh tokens already used: presenting one again is reuse, and revokes the session. */
  usedRefreshHashes: string[]
  /** The code the session was issued from (a reuse of it revokes this session). */
  codeHash: string
  scope: string
  provider: string
  /** Seconds since the epoch. */
  authTime: number
  /** Seconds since the epoch; the refresh token's end. */
  expiresAt: number
}

export const USED_REFRESH_KEPT = 8

export type RefreshJudgement = { kind: 'rotate' } | { kind: 'reuse' } | { kind: 'refuse'; reason: string }

export function judgeRefresh(session: SessionRecord | undefined, presentedHash: string, clientId: string, nowSeconds: number): RefreshJudgement {
  if (!session) return { kind: 'refuse', reason: 'refresh token is not valid' }
  if (session.clientId !== clientId) return { kind: 'refuse', reason: 'refresh token was issued to another client' }
  if (session.usedRefreshHashes.includes(presentedHash)) return { kind: 'reuse' }
  if (session.refreshHash !== presentedHash) return { kind: 'refuse', reason: 'refresh token is not valid' }
  if (session.expiresAt <= nowSeconds) return { kind: 'refuse', reason: 'refresh token has expired' }
  return { kind: 'rotate' }
}

/** The used-token list after a rotation, bounded. */
export function afterRotation(session: SessionRecord): string[] {
  return [session.refreshHash, ...session.usedRefreshHashes].slice(0, USED_REFRESH_KEPT)
}

export interface ProfileClaims {
  name?: string
  given_name?: string
  family_name?: string
}

export interface CodeRecord {
  clientId: string
  redirectUri: string
  subject: string
  scope: string
  nonce?: string
  codeChallenge?: string
  codeChallengeMethod: 'plain' | 'S256'
  provider: string
  authTime: number
  /** The upstream IdP's profile claims, for the ID token when the scope has `profile` (spec §5.8). */
  profile?: ProfileClaims
  /** Seconds since the epoch. */
  expiresAt: number
  used?: boolean
}

export type CodeJudgement =
  | { ok: true }
  | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string; revokeSession?: boolean }

export function judgeCode(
  code: CodeRecord | undefined,
  request: { clientId: string; redirectUri?: string; verifierMatches: (record: CodeRecord) => boolean },
  nowSeconds: number,
): CodeJudgement {
  if (!code) return { ok: false, error: 'invalid_grant', description: 'authorization code is not valid' }
  if (code.used) return { ok: false, error: 'invalid_grant', description: 'authorization code was already used', revokeSession: true }
  if (code.expiresAt <= nowSeconds) return { ok: false, error: 'invalid_grant', description: 'authorization code has expired' }
  if (code.clientId !== request.clientId) return { ok: false, error: 'invalid_grant', description: 'authorization code was issued to another client' }
  if (request.redirectUri !== code.redirectUri) return { ok: false, error: 'invalid_grant', description: 'redirect_uri does not match the authorization request' }
  if (code.codeChallenge !== undefined && !request.verifierMatches(code)) return { ok: false, error: 'invalid_grant', description: 'code_verifier does not match the code challenge' }
  return { ok: true }
}
