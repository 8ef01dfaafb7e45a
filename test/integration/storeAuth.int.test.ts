// Organization creation and authentication on DynamoDB Local: credential and principal status items are written
// with their events, so a new key works at once and a revoked, disabled, expired or locked one fails at once.
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { revokeCredential, disableCredential, issueCredential } from '../../domain/core/credential/decide.js'
import { credentialDecider, credentialStreamId } from '../../domain/core/credential/evolve.js'
import { credentialItemExtras, credentialItemKey, type CredentialItem } from '../../domain/core/credential/items.js'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { isGlobalPk } from '../../domain/core/globalItems.js'
import { ulidIds, type Clock } from '../../domain/core/ids.js'
import { organizationDecider, organizationStreamId } from '../../domain/core/organization/evolve.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { deletePrincipal, lockPrincipal, unlockPrincipal } from '../../domain/core/principal/decide.js'
import { principalDecider, principalStreamId } from '../../domain/core/principal/evolve.js'
import { principalStatusExtras } from '../../domain/core/principal/items.js'
import { authenticateAccessKey, authenticateSecret } from '../../functions/auth/credentials.js'
import { coreOrganizationContributions } from '../../functions/core/coreContributions.js'
import { createOrganization, type CreatedOrganization } from '../../functions/core/organizations.js'
import { createStoreRuntime, type StoreRuntime } from '../../functions/store/runtime.js'
import { newSecretToken, sha256Hex } from '../../functions/store/secrets.js'
import { freshTables } from '../support/tables.js'

let now = new Date('2026-05-01T00:00:00.000Z')
const clock: Clock = { now: () => now }
const meta: RequestMeta = { actor: SYSTEM_ACTORS.cli, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 'test', surface: 'system' }
let tables: Awaited<ReturnType<typeof freshTables>>
let runtime: StoreRuntime
let org: CreatedOrganization

const create = (input: Parameters<typeof createOrganization>[1]) =>
  createOrganization({ runner: runtime.runner, ids: ulidIds, clock, contributions: coreOrganizationContributions }, input)

beforeAll(async () => {
  tables = await freshTables('auth')
  runtime = createStoreRuntime(tables, { clock })
  const created = await create({ name: 'Acme', owner: { email: 'owner@example.com' } })
  if (isDomainError(created)) throw new Error(created.kind)
  org = created
})

/** Issues a token credential for the owner, with the items, through the runner. */
async function issueToken(expiresAt?: Date): Promise<{ credentialId: string; secret: string }> {
  const credentialId = ulidIds.newId()
  const secret = newSecretToken()
  const streamId = credentialStreamId(org.organizationId, credentialId)
  const outcome = await runtime.runner.run({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(credentialDecider, streamId)
      const events = issueCredential(state, {
        credentialId, organizationId: org.organizationId, principalId: org.ownerUserId, principalKind: 'user',
        kind: 'nscale_service_account_token', expiresAt, now: ctx.now,
      })
      if (isDomainError(events)) return events
      return { appends: [{ streamId, events }], extras: credentialItemExtras(state, events, { hash: sha256Hex(secret) }), result: undefined }
    },
  })
  expect(outcome.ok).toBe(true)
  return { credentialId, secret }
}

async function onCredential(credentialId: string, decide: typeof revokeCredential) {
  const streamId = credentialStreamId(org.organizationId, credentialId)
  return runtime.runner.run({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(credentialDecider, streamId)
      const events = decide(state)
      if (isDomainError(events)) return events
      const stored = (await ctx.readState(credentialItemKey(org.organizationId, credentialId))) as CredentialItem | undefined
      return { appends: [{ streamId, events }], extras: credentialItemExtras(state, events, {}, stored), result: undefined }
    },
  })
}

async function onOwner(decide: typeof lockPrincipal) {
  const streamId = principalStreamId(org.organizationId, org.ownerUserId)
  return runtime.runner.run({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(principalDecider, streamId)
      const events = decide(state)
      if (isDomainError(events)) return events
      return { appends: [{ streamId, events }], extras: principalStatusExtras(org.organizationId, org.ownerUserId, events), result: undefined }
    },
  })
}

describe('organization creation', () => {
  it('creates the organization, its owner and the owner key in one transaction, the key usable at once', async () => {
    expect(org.accessKey).toMatch(/^SCW[A-Z0-9]{17}$/)
    expect(org.secretKey).toMatch(/^[0-9a-f-]{36}$/)
    const loaded = await runtime.store.load([organizationStreamId(org.organizationId), principalStreamId(org.organizationId, org.ownerUserId)])
    expect(loaded.get(organizationStreamId(org.organizationId))?.map((e) => e.type)).toEqual(['OrganizationCreated'])
    expect(await authenticateSecret(tables, org.secretKey, now)).toEqual({
      ok: true,
      principal: { organizationId: org.organizationId, principalId: org.ownerUserId, principalKind: 'user', credentialId: expect.any(String), kind: 'scaleway_api_key' },
    })
  })

  it('takes the given id, access key and secret, and refuses the same organization id twice', async () => {
    const organizationId = ulidIds.newId()
    const apiKey = { accessKey: 'SCW0123456789ABCDEFG', secretKey: crypto.randomUUID() }
    const created = await create({ organizationId: organizationId.toUpperCase(), name: 'Given', owner: {}, apiKey })
    expect(created).toMatchObject({ organizationId, ...apiKey })
    expect((await runtime.store.readStream(organizationStreamId(organizationId)))[0]?.data).toMatchObject({ organizationId, name: 'Given' })
    expect(await create({ organizationId, name: 'Again', owner: {} })).toMatchObject({ kind: 'already_exists', resource: 'organization' })
    expect(await create({ name: 'Same key', owner: {}, apiKey: { ...apiKey, secretKey: crypto.randomUUID() } })).toMatchObject({
      kind: 'already_exists', resource: 'access_key',
    })
    expect(await create({ name: 'Bad key', owner: {}, apiKey: { accessKey: 'SCWshort', secretKey: crypto.randomUUID() } })).toMatchObject({
      kind: 'invalid_argument', argument: 'access_key',
    })
  })

  it('folds the organization from its stream', async () => {
    const { state } = await (async () => {
      const events = await runtime.store.readStream(organizationStreamId(org.organizationId))
      return { state: events.reduce(organizationDecider.evolve as never, organizationDecider.initialState()) }
    })()
    expect(state).toMatchObject({ status: 'active', name: 'Acme', ownerPrincipalId: org.ownerUserId })
  })
})

describe('authentication', () => {
  it('refuses malformed and unknown secrets', async () => {
    expect(await authenticateSecret(tables, '', now)).toEqual({ ok: false, reason: 'invalid_argument' })
    expect(await authenticateSecret(tables, crypto.randomUUID(), now)).toEqual({ ok: false, reason: 'not_found' })
  })

  it('refuses a credential the moment it expires, whether or not a sweep ran', async () => {
    const { secret } = await issueToken(new Date(now.getTime() + 60_000))
    expect(await authenticateSecret(tables, secret, now)).toMatchObject({ ok: true })
    expect(await authenticateSecret(tables, secret, new Date(now.getTime() + 60_000))).toEqual({ ok: false, reason: 'expired' })
  })

  it('refuses a disabled credential as locked and a revoked one as not found', async () => {
    const disabled = await issueToken()
    expect(await onCredential(disabled.credentialId, disableCredential)).toMatchObject({ ok: true })
    expect(await authenticateSecret(tables, disabled.secret, now)).toEqual({ ok: false, reason: 'locked' })
    const revoked = await issueToken()
    expect(await authenticateSecret(tables, revoked.secret, now)).toMatchObject({ ok: true })
    expect(await onCredential(revoked.credentialId, revokeCredential)).toMatchObject({ ok: true })
    expect(await authenticateSecret(tables, revoked.secret, now)).toEqual({ ok: false, reason: 'not_found' })
    const leftovers = await tables.doc.send(new ScanCommand({ TableName: tables.tables.state }))
    expect(leftovers.Items?.filter((item) => String(item.pk).includes(revoked.credentialId) || item.credentialId === revoked.credentialId)).toEqual([])
  })

  it('resolves an access key to its principal', async () => {
    expect(await authenticateAccessKey(tables, org.accessKey, now)).toMatchObject({ ok: true, principal: { principal: { principalId: org.ownerUserId } } })
    expect(await authenticateAccessKey(tables, 'SCWZZZZZZZZZZZZZZZZZ', now)).toEqual({ ok: false, reason: 'not_found' })
  })

  it('refuses every key of a locked principal at once, and of a deleted one as not found', async () => {
    expect(await onOwner(lockPrincipal)).toMatchObject({ ok: true })
    expect(await authenticateSecret(tables, org.secretKey, now)).toEqual({ ok: false, reason: 'locked' })
    expect(await onOwner(unlockPrincipal)).toMatchObject({ ok: true })
    expect(await authenticateSecret(tables, org.secretKey, now)).toMatchObject({ ok: true })
    expect(await onOwner(deletePrincipal)).toMatchObject({ ok: true })
    expect(await authenticateSecret(tables, org.secretKey, now)).toEqual({ ok: false, reason: 'not_found' })
  })

  it('keeps every state key scoped to an organization or in the closed list of global items', async () => {
    const { Items = [] } = await tables.doc.send(new ScanCommand({ TableName: tables.tables.state }))
    expect(Items.length).toBeGreaterThan(0)
    for (const item of Items) expect(isGlobalPk(String(item.pk)) || /^[0-9a-f]{32}#/.test(String(item.pk))).toBe(true)
    const secrets = JSON.stringify(Items)
    expect(secrets).not.toContain(org.secretKey)
    const events = await tables.doc.send(new ScanCommand({ TableName: tables.tables.events }))
    expect(JSON.stringify(events.Items)).not.toContain(org.secretKey)
    expect(JSON.stringify(events.Items)).not.toContain(sha256Hex(org.secretKey))
  })
})
