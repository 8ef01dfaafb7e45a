// Audit logs end to end: Scaleway writes over raw HTTP (to keep their consistency tokens), then ListLogs and GetLog
// through the official SDK once the audit projection covers them.
import { randomUUID } from 'node:crypto'
import { Errors } from '@scaleway/sdk-client'
import type { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeTokens } from '../../../domain/core/consistency.js'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'

const USER_AGENT = 'logs-e2e/1.0'
const V1 = '/iam/v1alpha1'
type Log = Iamv1alpha1.Log

describe('Scaleway audit logs', () => {
  let h: ScalewayHarness
  let other: TestOrganization
  const tokens: string[] = []
  const ids: Record<string, string> = {}
  let between: Date

  /** A Scaleway write as the owner; keeps its consistency token. */
  async function write(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await h.fetch(`${V1}${path}`, { method, secretKey: h.org.secretKey, body: body ?? (method === 'DELETE' ? undefined : {}), headers: { 'User-Agent': USER_AGENT } })
    const text = await response.text()
    expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300)
    tokens.push(response.headers.get('x-consistency-token')!)
    return text ? (JSON.parse(text) as Record<string, unknown>) : {}
  }

  const logsOf = async (request: Parameters<typeof h.org.iam.listLogs>[0] = {}) => h.org.iam.listLogs({ pageSize: 100, ...request }).all()
  const summary = (logs: Log[]) => logs.map((log) => `${log.resourceType} ${log.action} ${log.resourceId}`)

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
    const app = await write('POST', '/applications', { name: 'builder' })
    ids.app = String(app.id)
    await write('PATCH', `/applications/${ids.app}`, { description: 'builds things' })
    const key = await write('POST', '/api-keys', { application_id: ids.app, description: 'ci' })
    ids.accessKey = String(key.access_key)
    // Apart by a few milliseconds from the writes on either side, so the inclusive bounds below split them.
    await new Promise((resolve) => setTimeout(resolve, 5))
    between = new Date()
    await new Promise((resolve) => setTimeout(resolve, 5))
    const group = await write('POST', '/groups', { name: 'builders' })
    ids.group = String(group.id)
    await write('POST', `/groups/${ids.group}/add-member`, { application_id: ids.app })
    const policy = await write('POST', '/policies', {
      name: 'read only',
      group_id: ids.group,
      rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: h.org.organizationId }],
    })
    ids.policy = String(policy.id)
    await write('PUT', '/rules', { policy_id: ids.policy, rules: [{ permission_set_names: ['IAMManager'], organization_id: h.org.organizationId }] })
    await write('POST', '/ssh-keys', { name: 'not logged', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO' })
    await write('PATCH', `/organizations/${h.org.organizationId}/login-methods`, { login_saml_enabled: true })
    const user = await write('POST', '/users', { email: `guest-${randomUUID()}@example.com` })
    ids.user = String(user.id)
    await write('POST', `/users/${ids.user}/lock`, {})
    await write('DELETE', `/users/${ids.user}`)
    await write('DELETE', `/applications/${ids.app}`)
    await write('DELETE', `/policies/${ids.policy}`)
    await h.settle(mergeTokens(...tokens), 'auditLog')
  }, 60_000)
  afterAll(async () => h?.close())

  it("records every create, update and delete of the organization's IAM resources, in time order", async () => {
    const logs = await logsOf()
    const mine = logs.filter((log) => log.userAgent === USER_AGENT)
    expect(summary(mine.slice(0, 10))).toEqual([
      `application created ${ids.app}`,
      `application updated ${ids.app}`,
      `api_key created ${ids.accessKey}`,
      `group created ${ids.group}`,
      `group updated ${ids.group}`,
      `policy created ${ids.policy}`,
      `policy updated ${ids.policy}`,
      `user created ${ids.user}`,
      `user updated ${ids.user}`,
      `user deleted ${ids.user}`,
    ])
    // Deleting the application revokes its key and leaves its group in one request: one log per resource.
    expect(summary(mine.slice(10, 13)).sort()).toEqual([`api_key deleted ${ids.accessKey}`, `application deleted ${ids.app}`, `group updated ${ids.group}`].sort())
    expect(summary(mine.slice(13))).toEqual([`policy deleted ${ids.policy}`])
    for (const log of mine) {
      expect(log).toMatchObject({ ip: '127.0.0.1', userAgent: USER_AGENT, bearerId: h.org.ownerUserId, organizationId: h.org.organizationId })
      expect(log.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      expect(log.createdAt).toBeInstanceOf(Date)
    }
    const times = logs.map((log) => log.createdAt!.getTime())
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it("logs the organization's creation by its system actor: the owner's first API key", async () => {
    const first = (await logsOf({ resourceType: 'api_key' }))[0]!
    expect(first).toMatchObject({ action: 'created', bearerId: 'system:cli', resourceId: h.org.accessKey })
  })

  it('does not log SSH keys or organization settings', async () => {
    const logs = await logsOf()
    expect(logs.every((log) => ['api_key', 'user', 'application', 'group', 'policy'].includes(log.resourceType))).toBe(true)
  })

  it('filters by action, resource type, search and time; orders; pages with .all()', async () => {
    expect(summary(await logsOf({ action: 'deleted', search: ids.accessKey }))).toEqual([`api_key deleted ${ids.accessKey}`])
    expect(summary(await logsOf({ resourceType: 'policy' }))).toEqual([`policy created ${ids.policy}`, `policy updated ${ids.policy}`, `policy deleted ${ids.policy}`])
    expect(summary(await logsOf({ resourceType: 'policy', orderBy: 'created_at_desc' }))).toEqual([`policy deleted ${ids.policy}`, `policy updated ${ids.policy}`, `policy created ${ids.policy}`])
    expect((await logsOf({ search: ids.group })).map((log) => log.action)).toEqual(['created', 'updated', 'updated'])
    expect((await logsOf({ search: ids.accessKey!.toLowerCase() })).length).toBe(2)
    const byBearer = await logsOf({ search: h.org.ownerUserId })
    expect(byBearer.length).toBe((await logsOf()).filter((log) => log.bearerId === h.org.ownerUserId || log.resourceId === h.org.ownerUserId).length)
    expect(byBearer.length).toBeGreaterThanOrEqual(14)

    const before = summary(await logsOf({ createdBefore: between }))
    expect(before).toContain(`application updated ${ids.app}`)
    expect(before).toContain(`api_key created ${ids.accessKey}`)
    expect(before).not.toContain(`group created ${ids.group}`)
    const after = summary(await logsOf({ createdAfter: between }))
    expect(after[0]).toBe(`group created ${ids.group}`)
    expect(after).not.toContain(`application created ${ids.app}`)

    const all = await logsOf()
    const paged = await h.org.iam.listLogs({ pageSize: 4 }).all()
    expect(paged.map((log) => log.id)).toEqual(all.map((log) => log.id))
    const page = await h.org.iam.listLogs({ pageSize: 4, page: 2, orderBy: 'created_at_desc' })
    expect(page.totalCount).toBe(all.length)
    expect(page.logs.map((log) => log.id)).toEqual([...all].reverse().slice(4, 8).map((log) => log.id))
  })

  it('reads a log by its id; unknown, malformed and foreign ids are 404', async () => {
    const [one] = await logsOf({ search: ids.group, action: 'created' })
    expect(await h.org.iam.getLog({ logId: one!.id })).toEqual(one)
    const theirs = (await other.iam.listLogs({}).all())[0]!
    expect(theirs.organizationId).toBe(other.organizationId)
    const before = await h.eventCount(h.org.organizationId)
    for (const logId of [theirs.id, randomUUID()]) {
      const error = await h.org.iam.getLog({ logId }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Errors.ResourceNotFoundError)
      expect(error).toMatchObject({ resource: 'log', resourceId: logId })
    }
    expect((await h.fetch(`${V1}/logs/not-a-log`, { secretKey: h.org.secretKey })).status).toBe(404)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })

  it('waits for a consistency token before it lists', async () => {
    const created = await write('POST', '/groups', { name: 'late' })
    const response = await h.fetch(`${V1}/logs?search=${created.id}`, { secretKey: h.org.secretKey, headers: { 'X-Consistency-Token': tokens.at(-1)! } })
    expect(response.headers.get('content-type')).toBe('application/json')
    const body = (await response.json()) as { logs: Array<{ action: string; resource_type: string }>; total_count: number }
    expect(body).toMatchObject({ total_count: 1, logs: [{ action: 'created', resource_type: 'group' }] })
  })

  it('refuses another organization and one that does not exist alike (403), and bad filters (400)', async () => {
    for (const organizationId of [other.organizationId, randomUUID()]) {
      expect(await h.org.iam.listLogs({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
    }
    for (const query of ['action=renamed', 'resource_type=ssh_key', 'created_after=yesterday', 'order_by=name_asc', 'page_size=500']) {
      const response = await h.fetch(`${V1}/logs?${query}`, { secretKey: h.org.secretKey })
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { type: string }).type).toBe('invalid_arguments')
    }
    const unknown = await h.fetch(`${V1}/logs?action=unknown_action&resource_type=unknown_resource_type&page_size=1`, { secretKey: h.org.secretKey })
    expect(((await unknown.json()) as { total_count: number }).total_count).toBe((await logsOf()).length)
  })
})
