// Quotas end to end: the official SDK against the server on DynamoDB Local, raw HTTP for what the SDK hides.
import { randomUUID } from 'node:crypto'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'

const NAMES = ['api_keys', 'applications', 'groups', 'members_per_group', 'policies', 'rules_per_policy', 'ssh_keys', 'users']

describe('Scaleway quotas', () => {
  let h: ScalewayHarness
  let other: TestOrganization

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
  }, 60_000)
  afterAll(async () => h?.close())

  it('lists every quotum by name, ascending by default, with .all() paging', async () => {
    const first = await h.org.iam.listQuota({})
    expect(first.totalCount).toBe(NAMES.length)
    expect(first.quota.map((q) => q.name)).toEqual(NAMES)
    expect((await h.org.iam.listQuota({ pageSize: 3 }).all()).map((q) => q.name)).toEqual(NAMES)
    expect((await h.org.iam.listQuota({ pageSize: 3, orderBy: 'name_desc' }).all()).map((q) => q.name)).toEqual([...NAMES].reverse())
  })

  it('gives each limit both ways, consistently: the deprecated one-of and one global limit', async () => {
    const sshKeys = await h.org.iam.getQuotum({ quotumName: 'ssh_keys' })
    expect(sshKeys).toEqual({
      name: 'ssh_keys',
      limit: 50,
      unlimited: null,
      prettyName: 'SSH keys',
      unit: 'unit',
      description: expect.any(String),
      localityType: 'global',
      limits: [{ global: true, region: null, zone: null, limit: 50, unlimited: null }],
    })
    const raw = await h.fetch('/iam/v1alpha1/quota/api_keys', { secretKey: h.org.secretKey })
    expect(raw.headers.get('content-type')).toBe('application/json')
    expect(await raw.json()).toEqual({
      name: 'api_keys',
      limit: 100,
      unlimited: null,
      pretty_name: 'API keys',
      unit: 'unit',
      description: 'Number of API keys in the Organization',
      locality_type: 'global',
      limits: [{ global: true, region: null, zone: null, limit: 100, unlimited: null }],
    })
    for (const quotum of (await h.org.iam.listQuota({})).quota) expect(quotum.limits[0]!.limit).toBe(quotum.limit)
  })

  it('filters by repeated quotum_names and pages past the end', async () => {
    const response = await h.fetch(`/iam/v1alpha1/quota?quotum_names=users&quotum_names=groups&quotum_names=unknown&organization_id=${h.org.organizationId}`, { secretKey: h.org.secretKey })
    const body = (await response.json()) as { quota: Array<{ name: string }>; total_count: number }
    expect(body.quota.map((q) => q.name)).toEqual(['groups', 'users'])
    expect(body.total_count).toBe(2)
    expect((await h.org.iam.listQuota({ quotumNames: ['policies'] })).quota.map((q) => q.name)).toEqual(['policies'])
    expect(await (await h.fetch('/iam/v1alpha1/quota?page=5&page_size=2', { secretKey: h.org.secretKey })).json()).toEqual({ quota: [], total_count: 8 })
  })

  it('answers an unknown quotum with 404, appending nothing', async () => {
    const before = await h.eventCount(h.org.organizationId)
    const error = await h.org.iam.getQuotum({ quotumName: 'instances' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(error).toMatchObject({ resource: 'quotum', resourceId: 'instances' })
    const malformed = await h.fetch(`/iam/v1alpha1/quota/${encodeURIComponent('no such/quota')}`, { secretKey: h.org.secretKey })
    expect(malformed.status).toBe(404)
    expect(((await malformed.json()) as { type: string }).type).toBe('not_found')
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })

  it('refuses another organization and one that does not exist alike (403), and bad query values (400)', async () => {
    for (const organizationId of [other.organizationId, randomUUID()]) {
      expect(await h.org.iam.listQuota({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
      expect(await h.org.iam.getQuotum({ quotumName: 'users', organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
    }
    for (const query of ['order_by=created_at_asc', 'page=0', 'page_size=0', 'organization_id=nope']) {
      const response = await h.fetch(`/iam/v1alpha1/quota?${query}`, { secretKey: h.org.secretKey })
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { type: string }).type).toBe('invalid_arguments')
    }
  })
})
