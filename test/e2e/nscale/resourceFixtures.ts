// Fixtures of the nscale resource tests, on the nscale harness (the full app, every surface): its owner
// organization's administrator token (role `administrator` through its group), a platform administrator (a service
// account named by IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS: quotas and allocations are platform matters by default), and
// direct writes for what the tests need set up outside the API (projects, a service account issued in the past).
import { isDomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { normalizeId, toUuid } from '../../../domain/core/ids.js'
import type { RequestMeta } from '../../../domain/core/ports.js'
import { planCreateProject } from '../../../domain/nscale/project/decide.js'
import { planCreateServiceAccount, tokenExpiry } from '../../../domain/nscale/serviceAccount/decide.js'
import { newServiceAccountToken } from '../../../functions/auth/bearer.js'
import { sha256Hex } from '../../../functions/store/secrets.js'
import { startNscaleHarness, type NscaleHarness } from '../../support/nscaleHarness.js'
import type { ScalewayHarness } from '../../support/scalewayHarness.js'
import { ulidIds } from '../../../domain/core/ids.js'

export interface ResourceHarness {
  n: NscaleHarness
  h: ScalewayHarness
  /** The owner organization, canonical. */
  org: string
  /** A platform administrator's bearer token (a service account named by IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS). */
  adminToken: string
  /** The owner organization's administrator token (its `nscale_token`). */
  ownerToken: string
  api(path: string, init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>
  /** A project created directly (its API belongs to the organizations/projects handlers). */
  project(organizationId?: string): Promise<string>
  /** A service account created directly as of `issuedAt` (its token expires 90 days later); its id and token. */
  serviceAccountIssuedAt(issuedAt: Date, organizationId?: string): Promise<{ id: string; token: string; tokenSettle: string }>
}

const meta = (): RequestMeta => ({ actor: SYSTEM_ACTORS.cli, requestId: ulidIds.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' })

/** `as`: whose token `api` sends by default (the platform administrator or the owner organization's administrator). */
export async function startResourceHarness(options: { env?: Record<string, string>; as?: 'platform' | 'owner' } = {}): Promise<ResourceHarness> {
  const adminId = ulidIds.newId()
  const n = await startNscaleHarness({ env: { IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS: toUuid(adminId), ...options.env } })
  const { h } = n
  const org = normalizeId(n.owner.organizationId)!

  async function serviceAccount(organizationId: string, id: string, issuedAt: Date): Promise<{ token: string; settle: string }> {
    const token = newServiceAccountToken()
    const outcome = await h.deps.runner.run({
      serializeOn: [],
      meta: meta(),
      plan: async () => {
        const writes = planCreateServiceAccount({ deleted: false }, {
          id, organizationId, metadata: { name: `sa-${id.slice(-12)}` }, now: issuedAt, by: 'e2e',
          token: { credentialId: ulidIds.newId(), secretHash: sha256Hex(token), expiresAt: tokenExpiry(issuedAt) },
        })
        if (isDomainError(writes)) return writes
        return { ...writes, result: id }
      },
    })
    if (!outcome.ok) throw new Error(`service account: ${JSON.stringify(outcome)}`)
    return { token, settle: outcome.token }
  }

  const admin = await serviceAccount(org, adminId, new Date())
  await h.settle(admin.settle)

  const api: ResourceHarness['api'] = (path, init = {}) =>
    fetch(`${h.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${init.token ?? (options.as === 'owner' ? n.owner.token : admin.token)}`,
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    })

  return {
    n,
    h,
    org,
    adminToken: admin.token,
    ownerToken: n.owner.token,
    api,
    async project(organizationId = org) {
      const id = ulidIds.newId()
      const outcome = await h.deps.runner.run({
        serializeOn: [],
        meta: meta(),
        plan: async () => {
          const writes = planCreateProject({ deleted: false }, new Map(), { id, organizationId, metadata: { name: `p-${id.slice(-12)}` }, groupIds: [], now: new Date(), by: 'e2e' })
          if (isDomainError(writes)) return writes
          return { ...writes, result: id }
        },
      })
      if (!outcome.ok) throw new Error(`project: ${JSON.stringify(outcome)}`)
      return id
    },
    async serviceAccountIssuedAt(issuedAt, organizationId = org) {
      const id = ulidIds.newId()
      const { token, settle } = await serviceAccount(organizationId, id, issuedAt)
      return { id, token, tokenSettle: settle }
    },
  }
}
