// The OpenID Provider metadata (spec §5.1), the values upstream v1.4.0 advertises, with our issuer.
export const OIDC_PATHS = {
  discovery: '/.well-known/openid-configuration',
  authorization: '/oauth2/v2/authorization',
  token: '/oauth2/v2/token',
  userinfo: '/oauth2/v2/userinfo',
  jwks: '/oauth2/v2/jwks',
  login: '/oauth2/v2/login',
  onboard: '/oauth2/v2/onboard',
  callback: '/oidc/callback',
  signup: '/api/v1/signup',
} as const

export const SCOPES_SUPPORTED = ['email', 'openid', 'profile'] as const
export const CLAIMS_SUPPORTED = ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'locale', 'name', 'picture', 'sub'] as const

export function discoveryDocument(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}${OIDC_PATHS.authorization}`,
    token_endpoint: `${issuer}${OIDC_PATHS.token}`,
    userinfo_endpoint: `${issuer}${OIDC_PATHS.userinfo}`,
    jwks_uri: `${issuer}${OIDC_PATHS.jwks}`,
    scopes_supported: [...SCOPES_SUPPORTED],
    claims_supported: [...CLAIMS_SUPPORTED],
    response_types_supported: ['code', 'id_token'],
    response_modes_supported: ['query'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'tls_client_auth'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    id_token_signing_alg_values_supported: ['ES512'],
    code_challenge_methods_supported: ['plain', 'S256'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  }
}
