// A real upstream OpenID Provider for tests: `oidc-provider` on 127.0.0.1, behind a small proxy on another port
// (the issuer) that can tamper with ID tokens in token responses. Interactions finish at once as `nextLogin.email`:
// the browser (or a redirect-following fetch) goes authorization → interaction → callback without a page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider from 'oidc-provider'

export interface UpstreamIdp {
  issuer: string
  clientId: string
  clientSecret: string
  /** Who the next interaction signs in as. */
  nextLogin: { email: string }
  /** When set, token responses carry an ID token whose payload was altered (its signature no longer matches). */
  tamperIdTokens: boolean
  close(): Promise<void>
}

export async function startUpstreamIdp(options: { redirectUri: string }): Promise<UpstreamIdp> {
  const proxy = createServer()
  await listen(proxy)
  const issuer = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const clientId = 'iam-upstream-client'
  const clientSecret = 'upstream-client-secret-0123456789abcdef'
  const state: UpstreamIdp = {
    issuer,
    clientId,
    clientSecret,
    nextLogin: { email: 'nobody@example.test' },
    tamperIdTokens: false,
    close: async () => {
      await Promise.all([close(proxy), close(inner)])
    },
  }
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'upstream-1' }] },
    cookies: { keys: ['upstream-cookie-key-for-tests-only'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
    features: { devInteractions: { enabled: false } },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: true, name: 'Test Person', given_name: 'Test', family_name: 'Person' }),
    }),
  })

  provider.proxy = true
  const inner = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res)
    try {
      const details = await provider.interactionDetails(req, res)
      const accountId = state.nextLogin.email
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
      grant.addOIDCScope(String(details.params.scope ?? 'openid'))
      const grantId = await grant.save()
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false })
    } catch (error) {
      res.statusCode = 500
      res.end(String(error))
    }
  })
  await listen(inner)
  const innerBase = `http://127.0.0.1:${(inner.address() as AddressInfo).port}`

  proxy.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host') headers.set(name, value)
    // oidc-provider builds its endpoint URLs from the request: make them the proxy's (the issuer's).
    headers.set('x-forwarded-host', new URL(issuer).host)
    headers.set('x-forwarded-proto', 'http')
    const upstream = await fetch(`${innerBase}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
    })
    let body = Buffer.from(await upstream.arrayBuffer())
    if (state.tamperIdTokens && req.url?.startsWith('/token') && upstream.ok) body = Buffer.from(tamper(body.toString('utf8')))
    const out: Record<string, string | string[]> = {}
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'set-cookie', 'connection'].includes(name)) out[name] = value
    })
    const cookies = upstream.headers.getSetCookie()
    if (cookies.length) out['set-cookie'] = cookies
    res.writeHead(upstream.status, { ...out, 'content-length': String(body.length) })
    res.end(body)
  })
  return state
}

function tamper(json: string): string {
  const parsed = JSON.parse(json) as { id_token?: string }
  if (!parsed.id_token) return json
  const [header, payload, signature] = parsed.id_token.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  const altered = Buffer.from(JSON.stringify({ ...claims, email: 'intruder@example.test' })).toString('base64url')
  return JSON.stringify({ ...parsed, id_token: `${header}.${altered}.${signature}` })
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
