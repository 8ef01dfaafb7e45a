// SCP signed requests (issue 7; field notes §1.3). SCP's public guide, its JavaScript/Java samples and its Postman
// script compute
//
//   Scp-Signature = base64(HMAC-SHA256(secretKey, METHOD + encodeURI(url) + timestamp + accessKey + clientType))
//
// where `url` is the full request URL, query included. The server rebuilds that URL from IAM_PUBLIC_URL and the
// raw path and query it received, as `encodeURI(decodeURI(IAM_PUBLIC_URL + rawPath + rawQuery))`, so that what a
// client or proxy percent-encoded on the way (`%2F` in a base64 SRN, `%20` …) compares equal. The timestamp is
// epoch milliseconds within ±IAM_SCP_MAX_SKEW_MS. The secret is kept sealed by the keyring (DESIGN §4), opened per
// request from the cached data key, and the signatures are compared in constant time. Inside the window a GET may
// be replayed; a write may not: its signature's hash is put once, conditionally, with a TTL past the window.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { globalKeys } from '../../domain/core/globalItems.js'
import type { Dynamo } from '../store/dynamo.js'
import type { Keyring } from '../store/keyring.js'
import { TTL_ATTRIBUTE } from '../store/tables.js'
import { authenticateAccessKey, type AuthenticatedPrincipal, type AuthenticationFailure } from './credentials.js'

export const SCP_HEADERS = {
  accessKey: 'scp-accesskey',
  signature: 'scp-signature',
  timestamp: 'scp-timestamp',
  clientType: 'scp-clienttype',
} as const

/** What SCP's samples send as `Scp-ClientType`. Any value is accepted: it is signed. */
export const SCP_DEFAULT_CLIENT_TYPE = 'Openapi'
export const DEFAULT_SCP_MAX_SKEW_MS = 300_000

export interface SignatureInput {
  method: string
  /** The full URL as the client sent it (before encodeURI). */
  url: string
  timestamp: string
  accessKey: string
  clientType: string
}

/** The string SCP signs. Throws URIError on a URL `encodeURI` cannot encode (a lone surrogate). */
export function scpStringToSign(input: SignatureInput): string {
  return `${input.method.toUpperCase()}${encodeURI(input.url)}${input.timestamp}${input.accessKey}${input.clientType}`
}

/** base64(HMAC-SHA256(secret, string to sign)): what a client sends as `Scp-Signature`. */
export function scpSign(secretKey: string, input: SignatureInput): string {
  return createHmac('sha256', secretKey).update(scpStringToSign(input), 'utf8').digest('base64')
}

/**
 * The URL the server verifies against: IAM_PUBLIC_URL + the raw path and query as received, decoded then encoded
 * again as the client's `encodeURI` would have. Undefined when the received URL holds a malformed escape.
 */
export function canonicalRequestUrl(publicUrl: string, rawPathAndQuery: string): string | undefined {
  try {
    return decodeURI(`${publicUrl}${rawPathAndQuery}`)
  } catch {
    return undefined
  }
}

/** The path and query of a request URL exactly as they arrived (`new URL` would normalize them). */
export function rawPathAndQuery(requestUrl: string): string {
  const scheme = requestUrl.indexOf('://')
  const slash = requestUrl.indexOf('/', scheme < 0 ? 0 : scheme + 3)
  if (slash < 0) return '/'
  const hash = requestUrl.indexOf('#', slash)
  return hash < 0 ? requestUrl.slice(slash) : requestUrl.slice(slash, hash)
}

export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given, 'utf8')
  // Lengths are not secret (a base64 SHA-256 is always 44 characters); the content is compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface ScpSignedRequest {
  method: string
  /** The request URL as the runtime gives it (only its raw path and query are read). */
  requestUrl: string
  headers: { get(name: string): string | null | undefined }
}

export type ScpAuthFailure = AuthenticationFailure | 'signature' | 'timestamp' | 'replayed' | 'missing'

export type ScpAuthentication =
  | { ok: true; principal: AuthenticatedPrincipal; accessKey: string }
  | { ok: false; reason: ScpAuthFailure; message: string; accessKey?: string }

export interface ScpVerifier {
  verify(request: ScpSignedRequest, now: Date): Promise<ScpAuthentication>
}

export interface ScpVerifierDeps {
  dynamo: Dynamo
  keyring: Pick<Keyring, 'decryptText'>
  publicUrl: string
  maxSkewMs?: number
}

const TIMESTAMP = /^\d{10,16}$/
const SIGNATURE = /^[A-Za-z0-9+/_-]{1,200}={0,2}$/
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

export function createScpVerifier(deps: ScpVerifierDeps): ScpVerifier {
  const maxSkewMs = deps.maxSkewMs ?? DEFAULT_SCP_MAX_SKEW_MS
  const fail = (reason: ScpAuthFailure, message: string, accessKey?: string): ScpAuthentication => ({ ok: false, reason, message, ...(accessKey ? { accessKey } : {}) })

  return {
    async verify(request, now) {
      const header = (name: string) => request.headers.get(name)?.trim() ?? ''
      const accessKey = header(SCP_HEADERS.accessKey)
      const signature = header(SCP_HEADERS.signature)
      const timestamp = header(SCP_HEADERS.timestamp)
      const clientType = header(SCP_HEADERS.clientType)
      if (!accessKey || !signature || !timestamp || !clientType) {
        return fail('missing', 'send Scp-Accesskey, Scp-Signature, Scp-Timestamp and Scp-ClientType', accessKey || undefined)
      }
      if (!SIGNATURE.test(signature)) return fail('signature', 'Scp-Signature is not base64', accessKey)
      if (!TIMESTAMP.test(timestamp) || Math.abs(Number(timestamp) - now.getTime()) > maxSkewMs) {
        return fail('timestamp', `Scp-Timestamp must be epoch milliseconds within ${maxSkewMs} ms of the server's clock`, accessKey)
      }
      const url = canonicalRequestUrl(deps.publicUrl, rawPathAndQuery(request.requestUrl))
      if (url === undefined) return fail('signature', 'the request URL holds a malformed escape', accessKey)

      const found = await authenticateAccessKey(deps.dynamo, accessKey, now)
      if (!found.ok) return fail(found.reason, `the access key ${MESSAGES[found.reason]}`, accessKey)
      const { principal, sealedSecret } = found.principal
      if (principal.kind !== 'scp_access_key' || !sealedSecret) return fail('not_found', `the access key ${MESSAGES.not_found}`, accessKey)

      const secret = await deps.keyring.decryptText(principal.organizationId, sealedSecret)
      let expected: string
      try {
        expected = scpSign(secret, { method: request.method, url, timestamp, accessKey, clientType })
      } catch {
        return fail('signature', 'the request URL cannot be encoded', accessKey)
      }
      if (!signaturesEqual(expected, signature)) return fail('signature', 'the signature does not match the request', accessKey)

      if (!READ_METHODS.has(request.method.toUpperCase())) {
        const fresh = await claimSignature(deps.dynamo, signature, Number(timestamp) + maxSkewMs)
        if (!fresh) return fail('replayed', 'this signed write was already received', accessKey)
      }
      return { ok: true, principal, accessKey }
    },
  }
}

/** Puts the signature's hash once; false when it was already there (a replayed write). */
async function claimSignature(dynamo: Dynamo, signature: string, validUntilMs: number): Promise<boolean> {
  const hash = createHash('sha256').update(signature, 'utf8').digest('hex')
  try {
    await dynamo.doc.send(
      new PutCommand({
        TableName: dynamo.tables.state,
        // Kept one window past the timestamp's own validity: a replay after that fails on its stale timestamp.
        Item: { ...globalKeys.scpSignature(hash), [TTL_ATTRIBUTE]: Math.ceil(validUntilMs / 1000) + 60 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return true
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false
    throw error
  }
}

const MESSAGES: Record<AuthenticationFailure, string> = {
  invalid_argument: 'is malformed',
  not_found: 'does not exist',
  expired: 'has expired',
  locked: 'is disabled or its owner is locked',
}
