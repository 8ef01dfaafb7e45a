// The checks of an authorization request (spec §5.3), in upstream's order: client and redirect URI first (an error
// there is shown, never redirected: the redirect URI is not trusted yet), then the parameters, whose errors go
// back to the client's redirect URI.
export type CodeChallengeMethod = 'plain' | 'S256'

/** What the provider keeps of the client's request while the user signs in. */
export interface ClientQuery {
  clientId: string
  redirectUri: string
  scope: string
  state?: string
  nonce?: string
  codeChallenge?: string
  codeChallengeMethod: CodeChallengeMethod
  loginHint?: string
}

export type AuthorizationCheck =
  | { ok: true; query: ClientQuery; prompt?: string }
  /** Shown as an HTML 400: the client or its redirect URI is unknown. */
  | { ok: false; show: string }
  /** Redirected to the client: `redirect_uri?error=…&error_description=…&state=…`. */
  | { ok: false; redirect: { error: string; description: string; redirectUri: string; state?: string } }

const MAX = 2048
const PKCE_VERIFIER_OR_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/

/** `params` as received (query or form); `client` the registered client, when `client_id` names one. */
export function checkAuthorizationRequest(
  params: Record<string, string | undefined>,
  client: { redirectUris: readonly string[] } | undefined,
): AuthorizationCheck {
  const clientId = params.client_id
  const redirectUri = params.redirect_uri
  if (!clientId || !client) return { ok: false, show: 'The client is unknown.' }
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) return { ok: false, show: 'The redirect URI is not registered for this client.' }
  const state = bounded(params.state)
  const fail = (error: string, description: string): AuthorizationCheck => ({ ok: false, redirect: { error, description, redirectUri, ...(state ? { state } : {}) } })

  if (params.request) return fail('request_not_supported', 'request objects are not supported')
  if (params.request_uri) return fail('request_uri_not_supported', 'request_uri is not supported')
  if (params.registration) return fail('registration_not_supported', 'dynamic registration is not supported')
  if (params.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code')
  if (params.response_mode !== undefined && params.response_mode !== 'query') return fail('request_not_supported', 'response_mode must be query')
  const method = params.code_challenge_method ?? 'plain'
  if (method !== 'plain' && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be plain or S256')
  const challenge = params.code_challenge
  if (challenge !== undefined && !PKCE_VERIFIER_OR_CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge is malformed')
  for (const name of ['scope', 'state', 'nonce', 'login_hint', 'prompt', 'max_age'] as const) {
    if ((params[name]?.length ?? 0) > MAX) return fail('invalid_request', `${name} is too long`)
  }
  const prompt = params.prompt
  if (prompt?.split(' ').includes('none')) return fail('interaction_required', 'the user must sign in')

  return {
    ok: true,
    query: {
      clientId,
      redirectUri,
      scope: params.scope ?? 'openid',
      ...(state ? { state } : {}),
      ...(params.nonce ? { nonce: params.nonce } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      codeChallengeMethod: method,
      ...(params.login_hint ? { loginHint: params.login_hint } : {}),
    },
    ...(prompt ? { prompt } : {}),
  }
}

function bounded(value: string | undefined): string | undefined {
  return value && value.length <= MAX ? value : undefined
}

/** `redirect_uri` with the given parameters added to its query. */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri)
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value)
  return url.toString()
}
