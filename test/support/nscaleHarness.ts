// An nscale view of the end-to-end harness (startScalewayHarness runs the full app, every surface): organizations
// created the way `iam organizations create` creates them, each with its `nscale_token` (a service account in the
// `administrators` group, role `administrator`), and a small bearer client for /api/v1.
//
//   const n = await startNscaleHarness()
//   const { status, body } = await n.owner.api('GET', `/api/v1/organizations/${n.owner.organizationId}/groups`)
//   const other = n.other                        // a second organization (tenant isolation)
//   const reader = await n.serviceAccount(n.owner, { groupIds: [groupId] })   // a token for a group's member
import { ulid } from 'ulid'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { normalizeId, toUuid } from '../../domain/core/ids.js'
import { groupDecider, groupStreamId } from '../../domain/nscale/group/evolve.js'
import { planMemberGroups, type Writes } from '../../domain/nscale/group/decide.js'
import { planCreateServiceAccount, tokenExpiry } from '../../domain/nscale/serviceAccount/decide.js'
import { newServiceAccountToken } from '../../functions/auth/bearer.js'
import { createOrganization } from '../../functions/core/organizations.js'
import { sha256Hex } from '../../functions/store/secrets.js'
import { startScalewayHarness, type ScalewayHarness } from './scalewayHarness.js'

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface NscaleClient {
  token: string
  fetch(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>
  /** JSON in and out; `X-Consistency-Token` of a write is sent along by later calls of this client (read-your-writes). */
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>
}

export interface NscaleOrganization extends NscaleClient {
  /** Dashed UUID. */
  organizationId: string
  /** The administrator service account's id (dashed UUID). */
  serviceAccountId?: string
}

export interface NscaleHarness {
  h: ScalewayHarness
  baseUrl: string
  owner: NscaleOrganization
  other: NscaleOrganization
  createOrganization(name?: string): Promise<NscaleOrganization>
  client(token: string): NscaleClient
  /** A service account of `org` (created directly, as the service-account operations would) in the given groups. */
  serviceAccount(org: { organizationId: string }, options?: { groupIds?: string[]; name?: string }): Promise<NscaleClient & { id: string }>
  settle(token: string | null | undefined): Promise<void>
  close(): Promise<void>
}

export async function startNscaleHarness(options: { env?: Record<string, string> } = {}): Promise<NscaleHarness> {
  const h = await startScalewayHarness(options)
  const { deps } = h

  function client(token: string): NscaleClient {
    let consistency: string | undefined
    const fetchWith: NscaleClient['fetch'] = (path, init = {}) =>
      fetch(`${h.baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      })
    return {
      token,
      fetch: fetchWith,
      async api(method, path, body, headers = {}) {
        const response = await fetchWith(path, { method, body, headers: { ...(consistency ? { 'X-Consistency-Token': consistency } : {}), ...headers } })
        const written = response.headers.get('x-consistency-token')
        if (written) consistency = written
        const text = await response.text()
        return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers }
      },
    }
  }

  async function newOrganization(name = 'nscale-test'): Promise<NscaleOrganization> {
    const created = await createOrganization(
      { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring },
      {
        name,
        owner: { email: `owner-${ulid().toLowerCase()}@example.com` },
        meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' },
      },
    )
    if (isDomainError(created)) throw new Error(`organization creation failed: ${JSON.stringify(created)}`)
    const token = created.outputs.nscale_token
    if (!token) throw new Error('organization creation issued no nscale_token')
    await h.settle(created.token)
    return { organizationId: toUuid(created.organizationId), ...client(token) }
  }

  async function serviceAccount(org: { organizationId: string }, { groupIds = [], name }: { groupIds?: string[]; name?: string } = {}) {
    const organizationId = normalizeId(org.organizationId)!
    const id = deps.ids.newId()
    const token = newServiceAccountToken()
    const now = deps.clock.now()
    const outcome = await deps.runner.run({
      serializeOn: [],
      meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' },
      plan: async (ctx) => {
        const account = planCreateServiceAccount({ deleted: false }, {
          id, organizationId, metadata: { name: name ?? `sa-${id.slice(-8)}` },
          token: { credentialId: ctx.ids.newId(), secretHash: sha256Hex(token), expiresAt: tokenExpiry(now) }, now, by: 'e2e',
        })
        if (isDomainError(account)) return account
        const groups = new Map()
        for (const groupId of groupIds.map((group) => normalizeId(group)!)) {
          groups.set(groupId, (await ctx.load(groupDecider, groupStreamId(organizationId, groupId))).state)
        }
        const joined = planMemberGroups(groups, { kind: 'serviceAccount', id }, [...groups.keys()], { now, by: 'e2e' })
        if (isDomainError(joined)) return joined
        const writes: Writes = { appends: [...account.appends, ...joined.appends], extras: [...account.extras, ...joined.extras] }
        return { ...writes, result: id }
      },
    })
    if (!outcome.ok) throw new Error(`service account creation failed: ${JSON.stringify(outcome.error)}`)
    await h.settle(outcome.token)
    return { id: toUuid(id), ...client(token) }
  }

  const owner = await newOrganization('nscale-owner')
  const other = await newOrganization('nscale-other')
  return {
    h,
    baseUrl: h.baseUrl,
    owner,
    other,
    createOrganization: newOrganization,
    client,
    serviceAccount,
    settle: (token) => h.settle(token),
    close: () => h.close(),
  }
}
