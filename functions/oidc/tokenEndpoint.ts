// `POST /oauth2/v2/token` (spec §5.7, with the RFC 6749 error codes of §9.6): `authorization_code` (alias `code`),
// `refresh_token` (single use, rotated; a reused one revokes the session) and `client_credentials` (platform
// clients named by IAM_NSCALE_PLATFORM_CLIENTS). Clients authenticate by HTTP Basic or by form fields.
import type { Context } from 'hono'
import { judgeCode, judgeRefresh } from '../../domain/oidc/session.js'
import { pkceMatches } from '../../domain/oidc/pkce.js'
import { sha256Hex } from '../store/secrets.js'
import type { OidcDeps } from './app.js'
import type { OAuth2Client } from './clients.js'
import { formParams, jsonError } from './http.js'
import { sessionRef } from './sessions.js'
import type { TokenResponse } from './tokens.js'

type Params = Record<string, string>

export function tokenEndpoint(deps: OidcDeps) {
  const nowSeconds = () => Math.floor(deps.clock.now().getTime() / 1000)

  async function authenticateClient(c: Context, params: Params): Promise<OAuth2Client | Response> {
    const basic = basicCredentials(c.req.header('authorization'))
    const clientId = basic?.id ?? params.client_id
    const secret = basic?.secret ?? params.client_secret
    const challenge: Record<string, string> = basic ? { 'WWW-Authenticate': 'Basic realm="oauth2"' } : {}
    if (basic === null) return jsonError(c, 401, 'invalid_client', 'the Authorization header is malformed', challenge)
    if (!clientId || !secret) return jsonError(c, 401, 'invalid_client', 'client authentication is required', challenge)
    const client = await deps.clients.authenticate(clientId, secret)
    return client ?? jsonError(c, 401, 'invalid_client', 'client authentication failed', challenge)
  }

  /** `lastActive` is a courtesy: the tokens are already issued, so a failed write is logged, never answered. */
  const noteActivity = (subject: string) =>
    deps.sessions.recordActivity(subject, deps.clock.now()).catch((error: unknown) => deps.logError?.('last activity not recorded', { error: String(error) }))

  const issued = (c: Context, response: TokenResponse) => {
    c.header('Cache-Control', 'no-store')
    c.header('Pragma', 'no-cache')
    return c.json(response)
  }

  async function authorizationCode(c: Context, params: Params): Promise<Response> {
    if (!params.code || !params.redirect_uri) return jsonError(c, 400, 'invalid_request', 'code and redirect_uri are required')
    const client = await authenticateClient(c, params)
    if (client instanceof Response) return client
    const codeHash = sha256Hex(params.code)
    const code = params.code.length <= 256 ? await deps.sessions.readCode(codeHash, deps.clock.now()) : undefined
    const judgement = judgeCode(
      code,
      {
        clientId: client.clientId,
        redirectUri: params.redirect_uri,
        verifierMatches: (record) => pkceMatches(record.codeChallengeMethod, record.codeChallenge as string, params.code_verifier),
      },
      nowSeconds(),
    )
    if (!judgement.ok) {
      if (judgement.revokeSession && code) await deps.sessions.revokeSession(sessionRef(code.clientId, code.subject), codeHash)
      return jsonError(c, 400, judgement.error, judgement.description)
    }
    const record = code!
    const { response, session } = await deps.tokens.openSession({
      subject: record.subject,
      clientId: record.clientId,
      scope: record.scope,
      provider: record.provider,
      authTime: record.authTime,
      codeHash,
      ...(record.nonce ? { nonce: record.nonce } : {}),
      ...(record.profile ? { profile: record.profile } : {}),
    })
    if (!(await deps.sessions.exchangeCode(codeHash, session))) {
      // Another request redeemed the code first: a reuse, which revokes what it issued.
      await deps.sessions.revokeSession(session.ref, codeHash)
      return jsonError(c, 400, 'invalid_grant', 'authorization code was already used')
    }
    await noteActivity(record.subject)
    return issued(c, response)
  }

  async function refreshToken(c: Context, params: Params): Promise<Response> {
    if (!params.refresh_token) return jsonError(c, 400, 'invalid_request', 'refresh_token is required')
    const client = await authenticateClient(c, params)
    if (client instanceof Response) return client
    const parts = deps.tokens.refreshTokenParts(params.refresh_token)
    if (!parts) return jsonError(c, 400, 'invalid_grant', 'refresh token is not valid')
    const session = await deps.sessions.readSession(parts.ref, deps.clock.now())
    const judgement = judgeRefresh(session, parts.hash, client.clientId, nowSeconds())
    if (judgement.kind === 'reuse') {
      await deps.sessions.revokeSession(parts.ref)
      return jsonError(c, 400, 'invalid_grant', 'refresh token reuse: the session is revoked')
    }
    if (judgement.kind === 'refuse') return jsonError(c, 400, 'invalid_grant', judgement.reason)
    const next = await deps.tokens.rotate(session!)
    if (!(await deps.sessions.rotateSession(next.session, parts.hash))) {
      // A concurrent refresh with the same token won: this one is the reuse.
      await deps.sessions.revokeSession(parts.ref)
      return jsonError(c, 400, 'invalid_grant', 'refresh token reuse: the session is revoked')
    }
    await noteActivity(next.session.subject)
    return issued(c, next.response)
  }

  async function clientCredentials(c: Context, params: Params): Promise<Response> {
    const client = await authenticateClient(c, params)
    if (client instanceof Response) return client
    if (!deps.settings.platformClients.includes(client.clientId)) {
      return jsonError(c, 400, 'unauthorized_client', 'this client may not use the client_credentials grant')
    }
    return issued(c, await deps.tokens.clientToken(client.clientId, (params.scope ?? '').slice(0, 256)))
  }

  return async (c: Context): Promise<Response> => {
    const params = await formParams(c)
    if (!params) return jsonError(c, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded')
    switch (params.grant_type) {
      case 'authorization_code':
      case 'code':
        return authorizationCode(c, params)
      case 'refresh_token':
        return refreshToken(c, params)
      case 'client_credentials':
        return clientCredentials(c, params)
      case undefined:
        return jsonError(c, 400, 'invalid_request', 'grant_type is required')
      default:
        return jsonError(c, 400, 'unsupported_grant_type', 'token grant type is not supported')
    }
  }
}

/** `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1); null when malformed, undefined when absent. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | null | undefined {
  if (!header || !/^basic\s/i.test(header.trim())) return undefined
  try {
    const decoded = Buffer.from(header.trim().slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return null
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) }
  } catch {
    return null
  }
}
