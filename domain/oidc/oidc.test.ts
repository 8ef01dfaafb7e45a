import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkAuthorizationRequest, redirectWith } from './authorizationRequest.js'
import { atHash, idTokenClaims, userinfo } from './claims.js'
import { discoveryDocument } from './discovery.js'
import { pkceMatches } from './pkce.js'
import { judgeCode, judgeRefresh, type CodeRecord, type SessionRecord } from './session.js'

const client = { redirectUris: ['https://app.example/cb'] }
const base = { client_id: 'c', redirect_uri: 'https://app.example/cb', response_type: 'code', state: 's' }

describe('authorization requests', () => {
  it('shows client and redirect URI errors, redirects the others with the state', () => {
    expect(checkAuthorizationRequest(base, undefined)).toMatchObject({ ok: false, show: expect.any(String) })
    expect(checkAuthorizationRequest({ ...base, redirect_uri: 'https://evil.example/' }, client)).toMatchObject({ ok: false, show: expect.any(String) })
    expect(checkAuthorizationRequest({ ...base, response_type: 'token' }, client)).toMatchObject({ redirect: { error: 'unsupported_response_type', state: 's' } })
    expect(checkAuthorizationRequest({ ...base, request: 'x' }, client)).toMatchObject({ redirect: { error: 'request_not_supported' } })
    expect(checkAuthorizationRequest({ ...base, registration: '{}' }, client)).toMatchObject({ redirect: { error: 'registration_not_supported' } })
    expect(checkAuthorizationRequest({ ...base, response_mode: 'fragment' }, client)).toMatchObject({ redirect: { error: 'request_not_supported' } })
    expect(checkAuthorizationRequest({ ...base, code_challenge_method: 'S512' }, client)).toMatchObject({ redirect: { error: 'invalid_request' } })
    expect(checkAuthorizationRequest({ ...base, prompt: 'none' }, client)).toMatchObject({ redirect: { error: 'interaction_required' } })
  })

  it('keeps the client query, plain PKCE by default', () => {
    const check = checkAuthorizationRequest({ ...base, scope: 'openid email', nonce: 'n', code_challenge: 'a'.repeat(43) }, client)
    expect(check).toMatchObject({ ok: true, query: { clientId: 'c', scope: 'openid email', nonce: 'n', codeChallengeMethod: 'plain', state: 's' } })
    expect(redirectWith('https://app.example/cb?x=1', { code: 'k', state: undefined })).toBe('https://app.example/cb?x=1&code=k')
  })
})

describe('PKCE', () => {
  it('checks plain and S256', () => {
    const verifier = 'v'.repeat(50)
    const s256 = createHash('sha256').update(verifier).digest('base64url')
    expect(pkceMatches('S256', s256, verifier)).toBe(true)
    expect(pkceMatches('S256', s256, 'w'.repeat(50))).toBe(false)
    expect(pkceMatches('plain', verifier, verifier)).toBe(true)
    expect(pkceMatches('plain', verifier, undefined)).toBe(false)
  })
})

describe('tokens', () => {
  it('advertises ES512 and both PKCE methods', () => {
    const doc = discoveryDocument('https://id.example')
    expect(doc.jwks_uri).toBe('https://id.example/oauth2/v2/jwks')
    expect(doc.id_token_signing_alg_values_supported).toEqual(['ES512'])
    expect(doc.code_challenge_methods_supported).toEqual(['plain', 'S256'])
  })

  it('hashes the access token with SHA-512 and adds e-mail claims only for the email scope', () => {
    expect(atHash('token')).toBe(createHash('sha512').update('token').digest().subarray(0, 32).toString('base64url'))
    const claims = idTokenClaims({ clientId: 'c', email: 'a@b.c', scope: 'openid', authTime: 1, accessToken: 't', nonce: 'n' })
    expect(claims).toMatchObject({ azp: 'c', nonce: 'n' })
    expect(claims).not.toHaveProperty('email')
    expect(userinfo('a@b.c', 'openid email', 'fed')).toEqual({ sub: 'a@b.c', email: 'a@b.c', email_verified: true })
    expect(userinfo('client', 'openid email', 'svc')).toEqual({ sub: 'client' })
  })
})

describe('sessions', () => {
  const session: SessionRecord = {
    ref: 'r', subject: 'a@b.c', clientId: 'c', accessTokenId: 'j', refreshHash: 'h2', usedRefreshHashes: ['h1'], codeHash: 'k',
    scope: 'openid', provider: 'p', authTime: 0, expiresAt: 100,
  }
  it('rotates the current refresh token once, revokes on reuse', () => {
    expect(judgeRefresh(session, 'h2', 'c', 10)).toEqual({ kind: 'rotate' })
    expect(judgeRefresh(session, 'h1', 'c', 10)).toEqual({ kind: 'reuse' })
    expect(judgeRefresh(session, 'zz', 'c', 10)).toMatchObject({ kind: 'refuse' })
    expect(judgeRefresh(session, 'h2', 'other', 10)).toMatchObject({ kind: 'refuse' })
    expect(judgeRefresh(session, 'h2', 'c', 100)).toMatchObject({ kind: 'refuse' })
  })

  it('accepts a code once, for its client, redirect URI and verifier', () => {
    const code: CodeRecord = { clientId: 'c', redirectUri: 'u', subject: 's', scope: 'openid', codeChallenge: 'x', codeChallengeMethod: 'plain', provider: 'p', authTime: 0, expiresAt: 60 }
    const request = { clientId: 'c', redirectUri: 'u', verifierMatches: () => true }
    expect(judgeCode(code, request, 10)).toEqual({ ok: true })
    expect(judgeCode({ ...code, used: true }, request, 10)).toMatchObject({ ok: false, revokeSession: true })
    expect(judgeCode(code, request, 60)).toMatchObject({ ok: false, error: 'invalid_grant' })
    expect(judgeCode(code, { ...request, redirectUri: 'v' }, 10)).toMatchObject({ ok: false, error: 'invalid_grant' })
    expect(judgeCode(code, { ...request, verifierMatches: () => false }, 10)).toMatchObject({ ok: false, error: 'invalid_grant' })
  })
})
