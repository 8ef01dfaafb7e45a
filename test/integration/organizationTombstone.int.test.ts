// The organization's tombstone on DynamoDB Local: written with `OrganizationDeleted`, it ends authentication and
// every check of the organization's principals in the reads they already make (two requests to authenticate a
// secret, one for a warm check), and leaves another organization alone.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { countRequests } from '../../bench/harness.js'
import { organizationResource } from '../../domain/authz/resource.js'
import type { GlobalCredentialItem } from '../../domain/core/credential/items.js'
import { isDomainError, notFound } from '../../domain/core/errors.js'
import { globalKeys } from '../../domain/core/globalItems.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { ulidIds } from '../../domain/core/ids.js'
import { deleteOrganization } from '../../domain/core/organization/decide.js'
import { organizationDecider, organizationStreamId } from '../../domain/core/organization/evolve.js'
import { organizationStatusExtras } from '../../domain/core/organization/items.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { authenticateAccessKey, authenticateCredential, authenticateSecret } from '../../functions/auth/credentials.js'
import { liveOrganizationIds } from '../../functions/auth/organizationStatus.js'
import { createChecker, createCompiledCache } from '../../functions/authz/index.js'
import { coreOrganizationContributions } from '../../functions/core/coreContributions.js'
import { createOrganization, type CreatedOrganization } from '../../functions/core/organizations.js'
import { createStoreRuntime, type StoreRuntime } from '../../functions/store/runtime.js'
import { sha256Hex } from '../../functions/store/secrets.js'
import { freshTables } from '../support/tables.js'

const meta: RequestMeta = { actor: SYSTEM_ACTORS.cli, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 'test', surface: 'system' }
let tables: Awaited<ReturnType<typeof freshTables>>
let runtime: StoreRuntime
let doomed: CreatedOrganization
let other: CreatedOrganization

async function create(name: string): Promise<CreatedOrganization> {
  const created = await createOrganization({ runner: runtime.runner, ids: ulidIds, clock: runtime.clock, contributions: coreOrganizationContributions }, { name, owner: {} })
  if (isDomainError(created)) throw new Error(created.kind)
  return created
}

async function remove(organizationId: string) {
  const streamId = organizationStreamId(organizationId)
  return runtime.runner.run({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(organizationDecider, streamId)
      const events = deleteOrganization(state, { now: ctx.now })
      if (isDomainError(events)) return events
      return { appends: [{ streamId, events }], extras: organizationStatusExtras(organizationId, events), result: undefined }
    },
  })
}

beforeAll(async () => {
  tables = await freshTables('tombstone')
  runtime = createStoreRuntime(tables)
  doomed = await create('doomed')
  other = await create('other')
})

describe('the organization tombstone', () => {
  it('ends authentication and every check of the organization in the reads they already make', async () => {
    const counter = countRequests(tables.client)
    const checker = createChecker({ dynamo: tables, cache: createCompiledCache() })
    const check = (org: CreatedOrganization) =>
      checker.check({ principal: { organizationId: org.organizationId, kind: 'user', id: org.ownerUserId }, action: 'iam:users:read', resource: organizationResource(org.organizationId) })
    const now = new Date()
    // What a verified session JWT names (its credential): authenticated without the global lookup.
    const { Item: named } = await tables.doc.send(new GetCommand({ TableName: tables.tables.state, Key: { ...globalKeys.credentialBySecretHash(sha256Hex(doomed.secretKey)) } }))
    expect((await authenticateCredential(tables, named as GlobalCredentialItem, now)).ok).toBe(true)
    expect((await authenticateSecret(tables, doomed.secretKey, now)).ok).toBe(true)
    expect(await check(doomed)).toMatchObject({ decision: 'deny', reason: 'implicit_deny' })

    expect((await remove(doomed.organizationId)).ok).toBe(true)
    expect(await remove(doomed.organizationId)).toMatchObject({ ok: false, error: notFound('organization', doomed.organizationId) })

    counter.reset()
    expect(await authenticateSecret(tables, doomed.secretKey, now)).toEqual({ ok: false, reason: 'not_found' })
    expect(counter.count()).toBe(2)
    expect(await authenticateAccessKey(tables, doomed.accessKey, now)).toEqual({ ok: false, reason: 'not_found' })
    expect(await authenticateCredential(tables, named as GlobalCredentialItem, now)).toEqual({ ok: false, reason: 'not_found' })
    counter.reset()
    expect(await check(doomed)).toMatchObject({ decision: 'deny', reason: 'deleted' })
    expect(counter.count()).toBe(1)
    expect(await checker.holdings({ organizationId: doomed.organizationId, kind: 'user', id: doomed.ownerUserId })).toMatchObject({ status: 'deleted' })
    expect(await check({ ...doomed, ownerUserId: ulidIds.newId() })).toMatchObject({ reason: 'unknown_principal' })

    expect((await authenticateSecret(tables, other.secretKey, now)).ok).toBe(true)
    expect(await check(other)).toMatchObject({ decision: 'deny', reason: 'implicit_deny' })
  })

  it('is read on its own where nothing else reads it', async () => {
    expect(await liveOrganizationIds(tables, [doomed.organizationId, other.organizationId, other.organizationId])).toEqual([other.organizationId, other.organizationId])
    expect(await liveOrganizationIds(tables, [])).toEqual([])
  })
})
