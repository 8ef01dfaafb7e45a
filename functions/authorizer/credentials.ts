// Where a caller's credential is on the request, per surface. Each source says whether its credential is present
// and authenticates it through the credential items (functions/auth), never a projection, so a revoked, disabled
// or expired credential fails at once:
//   - Scaleway: the secret key in `X-Auth-Token` (what the Scaleway SDKs and CLI send);
//   - nscale: a service-account token in `Authorization: Bearer` (an OIDC user's access token names a person, not
//     an organization's principal, so it is not accepted here);
//   - SCP: a signed request (`Scp-Accesskey`, `Scp-Signature`, `Scp-Timestamp`, `Scp-ClientType`), verified against
//     the URL the caller called (IAM_AUTHORIZER_PUBLIC_URL, else `https://<the API's domain>`); a replayed signed
//     write is refused as on the SCP surface.
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda'
import { authenticateSecret, type Authentication } from '../auth/credentials.js'
import { createScpVerifier, SCP_HEADERS } from '../auth/scpSignature.js'
import type { Dynamo } from '../store/dynamo.js'
import type { Keyring } from '../store/keyring.js'

export interface CredentialSource {
  name: string
  /** undefined when the request carries no credential of this kind. */
  authenticate(event: APIGatewayRequestAuthorizerEventV2, dynamo: Dynamo, now: Date): Promise<Authentication> | undefined
}

/** HTTP API payload 2.0 lower-cases header names. */
export function header(event: APIGatewayRequestAuthorizerEventV2, name: string): string | undefined {
  const value = event.headers?.[name]
  return value === undefined || value === '' ? undefined : value
}

export const scalewayAuthToken: CredentialSource = {
  name: 'scaleway',
  authenticate(event, dynamo, now) {
    const token = header(event, 'x-auth-token')
    return token === undefined ? undefined : authenticateSecret(dynamo, token, now)
  },
}

const BEARER = /^Bearer\s+(\S+)$/i

export const nscaleServiceAccountToken: CredentialSource = {
  name: 'nscale',
  authenticate(event, dynamo, now) {
    const token = BEARER.exec(header(event, 'authorization') ?? '')?.[1]
    if (token === undefined) return undefined
    return authenticateSecret(dynamo, token, now).then((result): Authentication => {
      // Another surface's secret sent as a bearer token is not a service-account token.
      if (result.ok && result.principal.kind !== 'nscale_service_account_token') return { ok: false, reason: 'not_found' }
      return result
    })
  },
}

export function scpSignedRequest(options: { keyring: Pick<Keyring, 'decryptText'>; publicUrl?: string; maxSkewMs?: number }): CredentialSource {
  return {
    name: 'scp',
    authenticate(event, dynamo, now) {
      if (header(event, SCP_HEADERS.accessKey.toLowerCase()) === undefined) return undefined
      const domain = event.requestContext?.domainName ?? header(event, 'host') ?? ''
      const publicUrl = options.publicUrl ?? `https://${domain}`
      const verifier = createScpVerifier({ dynamo, keyring: options.keyring, publicUrl, ...(options.maxSkewMs !== undefined && { maxSkewMs: options.maxSkewMs }) })
      const query = event.rawQueryString ? `?${event.rawQueryString}` : ''
      return verifier
        .verify(
          {
            method: event.requestContext?.http?.method ?? 'GET',
            requestUrl: `https://${domain}${event.rawPath}${query}`,
            headers: { get: (name) => header(event, name.toLowerCase()) },
          },
          now,
        )
        .then((result): Authentication => {
          if (result.ok) return { ok: true, principal: result.principal }
          const reason = result.reason
          return { ok: false, reason: reason === 'expired' || reason === 'locked' || reason === 'not_found' ? reason : 'invalid_argument' }
        })
    },
  }
}

/** Without a keyring (no KMS key configured) SCP signatures cannot be verified, and are not accepted. */
export function credentialSources(options: { keyring?: Pick<Keyring, 'decryptText'>; publicUrl?: string } = {}): CredentialSource[] {
  return [
    scalewayAuthToken,
    nscaleServiceAccountToken,
    ...(options.keyring ? [scpSignedRequest({ keyring: options.keyring, ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }) })] : []),
  ]
}

export const CREDENTIAL_SOURCES: readonly CredentialSource[] = credentialSources()
