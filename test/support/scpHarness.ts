// End-to-end support for the SCP surface: the full app (startScalewayHarness runs every surface), organizations
// created with their owner's SCP access key, and a small signing client written here, independently of the
// server's code, the way SCP's public guide and samples sign:
//
//   Scp-Signature = base64(HMAC-SHA256(secretKey, METHOD + encodeURI(url) + timestamp + accessKey + clientType))
//
//   const h = await startScpHarness()
//   const res = await h.scp.request('GET', '/v1/access-keys', { version: '1.1' })   // signed as h.org's owner
//   expect(res.status).toBe(200); res.body.access_keys …
//   const other = await h.createOrganization()                                      // a second tenant
//   await other.scp.request('POST', '/v1/groups', { body: { … } })
import { createHmac } from 'node:crypto'
import { ulid } from 'ulid'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { createOrganization } from '../../functions/core/organizations.js'
import { startScalewayHarness, type ScalewayHarness } from './scalewayHarness.js'

export interface ScpKey {
  accessKey: string
  secretKey: string
}

export interface ScpRequestOptions {
  /** JSON (serialized here) or a FormData / string sent as is. */
  body?: unknown
  /** `Scp-Api-Version: iam <version>`; omitted = no header (the server defaults to 1.2). */
  version?: string
  headers?: Record<string, string>
  /** Signs with this key instead of the client's. */
  key?: ScpKey
  /** Overrides of what is signed, to forge bad requests: signed method, signed URL, timestamp, client type. */
  sign?: { method?: string; url?: string; timestamp?: string; clientType?: string; secretKey?: string }
  /** Sends no signature headers at all. */
  unsigned?: boolean
}

export interface ScpResponse<T = any> {
  status: number
  headers: Headers
  /** Parsed JSON, or undefined for an empty body. */
  body: T
}

export interface ScpClient {
  key: ScpKey
  request<T = any>(method: string, path: string, options?: ScpRequestOptions): Promise<ScpResponse<T>>
  /** The exact request last sent (to replay it). */
  replayLast(): Promise<ScpResponse>
}

export interface ScpOrganization {
  /** Canonical 32-hex (the SCP rendering). */
  organizationId: string
  ownerUserId: string
  key: ScpKey
  scp: ScpClient
}

export interface ScpHarness {
  h: ScalewayHarness
  baseUrl: string
  org: ScpOrganization
  /** Signed as the first organization's owner. */
  scp: ScpClient
  createOrganization(name?: string): Promise<ScpOrganization>
  client(key: ScpKey): ScpClient
  eventCount(organizationId: string): Promise<number>
  settle(token: string | null | undefined): Promise<void>
  close(): Promise<void>
}

export function scpSignature(secretKey: string, method: string, url: string, timestamp: string, accessKey: string, clientType: string): string {
  const message = method + encodeURI(url) + timestamp + accessKey + clientType
  return createHmac('sha256', secretKey).update(message, 'utf8').digest('base64')
}

export function scpClient(baseUrl: string, key: ScpKey): ScpClient {
  let last: { url: string; init: RequestInit } | undefined
  async function send(url: string, init: RequestInit): Promise<ScpResponse> {
    last = { url, init }
    const response = await fetch(url, init)
    const text = await response.text()
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
    return { status: response.status, headers: response.headers, body }
  }
  return {
    key,
    async request(method, path, options = {}) {
      const url = `${baseUrl}${path}`
      const signer = options.key ?? key
      const timestamp = options.sign?.timestamp ?? String(Date.now())
      const clientType = options.sign?.clientType ?? 'Openapi'
      const headers: Record<string, string> = { 'Accept-Language': 'en-US', ...options.headers }
      if (!options.unsigned) {
        headers['Scp-Accesskey'] = signer.accessKey
        headers['Scp-Timestamp'] = timestamp
        headers['Scp-ClientType'] = 'Openapi'
        headers['Scp-Signature'] = scpSignature(
          options.sign?.secretKey ?? signer.secretKey,
          options.sign?.method ?? method,
          options.sign?.url ?? url,
          timestamp,
          signer.accessKey,
          clientType,
        )
      }
      if (options.version !== undefined) headers['Scp-Api-Version'] = `iam ${options.version}`
      let body: string | FormData | undefined
      if (options.body instanceof FormData || typeof options.body === 'string') body = options.body
      else if (options.body !== undefined) {
        body = JSON.stringify(options.body)
        headers['Content-Type'] = 'application/json'
      }
      return send(url, { method, headers, body })
    },
    replayLast() {
      if (!last) throw new Error('nothing sent yet')
      return send(last.url, last.init)
    },
  }
}

export async function startScpHarness(options: { env?: Record<string, string> } = {}): Promise<ScpHarness> {
  const h = await startScalewayHarness(options)
  const { deps } = h

  async function newOrganization(name = 'scp'): Promise<ScpOrganization> {
    const created = await createOrganization(
      { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring },
      {
        name,
        owner: { email: `owner-${ulid().toLowerCase()}@example.com` },
        meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' },
      },
    )
    if (isDomainError(created)) throw new Error(`organization creation failed: ${JSON.stringify(created)}`)
    await h.settle(created.token)
    const key = { accessKey: created.outputs.scp_access_key_id!, secretKey: created.outputs.scp_secret_key! }
    if (!key.accessKey || !key.secretKey) throw new Error('the organization was created without an SCP access key')
    return { organizationId: created.organizationId, ownerUserId: created.ownerUserId, key, scp: scpClient(h.baseUrl, key) }
  }

  const org = await newOrganization('first')
  return {
    h,
    baseUrl: h.baseUrl,
    org,
    scp: org.scp,
    createOrganization: newOrganization,
    client: (key) => scpClient(h.baseUrl, key),
    eventCount: (organizationId) => h.eventCount(organizationId),
    settle: (token) => h.settle(token),
    close: () => h.close(),
  }
}
