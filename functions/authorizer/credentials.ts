// Where a caller's credential is on the request, per surface. Each source says whether its credential is present
// and authenticates it through functions/auth/credentials.ts (the credential items, never a projection), so a
// revoked, disabled or expired credential fails at once. Another surface adds its source here (an nscale
// service-account token is a secret looked up by hash like Scaleway's; SCP's signatures need the request and the
// keyring).
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda'
import { authenticateSecret, type Authentication } from '../auth/credentials.js'
import type { Dynamo } from '../store/dynamo.js'

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

/** Scaleway: the secret key in `X-Auth-Token` (what the Scaleway SDKs and CLI send). */
export const scalewayAuthToken: CredentialSource = {
  name: 'scaleway',
  authenticate(event, dynamo, now) {
    const token = header(event, 'x-auth-token')
    return token === undefined ? undefined : authenticateSecret(dynamo, token, now)
  },
}

export const CREDENTIAL_SOURCES: readonly CredentialSource[] = [scalewayAuthToken]
