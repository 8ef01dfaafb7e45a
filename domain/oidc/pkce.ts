// PKCE (RFC 7636): `plain` compares the verifier with the challenge, `S256` base64url(SHA-256(verifier)).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { CodeChallengeMethod } from './authorizationRequest.js'

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

export function pkceMatches(method: CodeChallengeMethod, challenge: string, verifier: string | undefined): boolean {
  if (verifier === undefined || !VERIFIER.test(verifier)) return false
  const computed = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier
  const a = Buffer.from(computed)
  const b = Buffer.from(challenge)
  return a.length === b.length && timingSafeEqual(a, b)
}
