// The `AuthenticateSession` port: `X-Session-Token` carries a session JWT. Its signature and expiry are checked,
// then the session's credential item and the user's status item (DESIGN §4: never a projection).
import type { Dynamo } from '../../../store/dynamo.js'
import { authenticateCredential } from '../../../auth/credentials.js'
import type { AuthenticateSession } from '../deps.js'
import type { SessionTokens } from './tokens.js'

const REASONS = { invalid_argument: 'is malformed', not_found: 'has ended', expired: 'has expired', locked: 'belongs to a locked user' } as const

export function sessionAuthentication(dynamo: Dynamo, tokens: SessionTokens): AuthenticateSession {
  return async (token, now) => {
    const claims = await tokens.verify(token)
    if (!claims) return { kind: 'unauthenticated', method: 'session', reason: 'invalid_argument', message: 'the session token is invalid or has expired' }
    const result = await authenticateCredential(dynamo, { organizationId: claims.organizationId, credentialId: claims.sessionId, principalId: claims.userId }, now)
    if (result.ok && result.principal.kind === 'session' && result.principal.principalKind === 'user') {
      return { organizationId: claims.organizationId, kind: 'user', id: claims.userId, method: 'session', ...(claims.restricted ? { restricted: true } : {}) }
    }
    const reason = result.ok ? 'not_found' : result.reason
    return { kind: 'unauthenticated', method: 'session', reason, message: `the session ${REASONS[reason]}` }
  }
}
