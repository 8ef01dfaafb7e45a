import { describe, expect, it } from 'vitest'
import { credentialDecider, credentialItemKey, credentialStreamId, type Credential } from '../../core/credential/index.js'
import { fold } from '../../core/decider.js'
import { globalKeys } from '../../core/globalItems.js'
import { ApplicationCreated, ApplicationDeleted, ApplicationLinked } from '../application/events.js'
import { applicationDecider, applicationStream, apiKeyCount } from '../application/evolve.js'
import type { Profile } from '../profiles.js'
import { quotaCounterKey } from '../quota/quota.js'
import { eventsOf, ok, typesOf } from '../testing.js'
import { apiKeyFields, bearerOf, liveApiKey, planCreateApiKey, planDeleteApiKey, planUpdateApiKey, type CreateApiKey } from './decide.js'

const ORG = '0'.repeat(31) + '1'
const APP = 'a'.repeat(32)
const KEY = 'b'.repeat(32)
const PROJECT = 'c'.repeat(32)
const ACCESS = 'SCWEGFYT2G56FB1WX9B5'
const HASH = 'f'.repeat(64)
const NOW = new Date('2025-01-01T00:00:00.000Z')
const DAY = 86_400_000

const appState = (...more: Parameters<typeof applicationDecider.evolve>[1][]) =>
  fold(applicationDecider, [ApplicationCreated({ id: APP, organizationId: ORG, name: 'ci', description: '', tags: [], managed: false, at: NOW.toISOString() }), ...more])
const bearer = (state = appState()): Profile => ({ kind: 'application', id: APP, state })
const create = (changes: Partial<CreateApiKey> = {}): CreateApiKey => ({
  organizationId: ORG, credentialId: KEY, accessKey: ACCESS, secretHash: HASH, creationIp: '130.180.219.188', maxLifetimeSeconds: 0, now: NOW, ...changes,
})
const issued = (changes: Partial<CreateApiKey> = {}) => {
  const plan = ok(planCreateApiKey(bearer(), create(changes)))
  return fold(credentialDecider, eventsOf(plan, credentialStreamId(ORG, KEY)) as never)
}

describe('API keys', () => {
  it('issues a scaleway_api_key credential for its bearer, in the default project unless told', () => {
    const key = issued({ description: 'deploy' }) as Credential
    expect(key).toMatchObject({ kind: 'scaleway_api_key', principalId: APP, principalKind: 'application', accessKey: ACCESS, description: 'deploy', status: 'active' })
    expect(apiKeyFields(key)).toMatchObject({ bearer: { kind: 'application', id: APP }, defaultProjectId: ORG, creationIp: '130.180.219.188' })
    expect(apiKeyFields(issued({ defaultProjectId: PROJECT }) as Credential).defaultProjectId).toBe(PROJECT)
  })

  it('writes the credential items, links the key on its bearer and counts the quota', () => {
    const plan = ok(planCreateApiKey(bearer(), create()))
    expect(typesOf(eventsOf(plan, applicationStream(ORG, APP)))).toEqual(['ScwApplicationLinked'])
    expect(plan.extras).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'put', key: credentialItemKey(ORG, KEY), ifNotExists: true }),
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialBySecretHash(HASH) }),
      expect.objectContaining({ kind: 'put', key: globalKeys.credentialByAccessKey(ACCESS) }),
      expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'api_keys'), delta: 1, limit: 100 }),
    ]))
    expect(apiKeyCount(appState(ApplicationLinked({ link: 'api_key', id: KEY })).application!)).toBe(1)
  })

  it('needs exactly one bearer', () => {
    expect(bearerOf({ userId: APP })).toEqual({ kind: 'user', id: APP })
    expect(bearerOf({})).toMatchObject({ kind: 'invalid_argument', reason: 'required' })
    expect(bearerOf({ userId: APP, applicationId: APP })).toMatchObject({ kind: 'invalid_argument' })
  })

  it('refuses a bearer that does not exist or is deleted', () => {
    expect(planCreateApiKey({ kind: 'user', id: APP, state: { deleted: false } }, create())).toEqual({ kind: 'not_found', resource: 'user', resourceId: APP })
    expect(planCreateApiKey(bearer(appState(ApplicationDeleted({ at: NOW.toISOString() }))), create())).toMatchObject({ kind: 'not_found', resource: 'application' })
  })

  it('refuses a description over 200 characters and a default project that is not an id', () => {
    expect(planCreateApiKey(bearer(), create({ description: 'd'.repeat(201) }))).toMatchObject({ argument: 'description' })
    expect(planCreateApiKey(bearer(), create({ defaultProjectId: 'nope' }))).toMatchObject({ argument: 'default_project_id' })
  })

  it('refuses an expiry in the past, and beyond the organization maximum when one is set', () => {
    expect(planCreateApiKey(bearer(), create({ expiresAt: new Date(NOW.getTime() - 1) }))).toMatchObject({ argument: 'expires_at' })
    const max = 7 * 86_400
    expect(planCreateApiKey(bearer(), create({ maxLifetimeSeconds: max, expiresAt: new Date(NOW.getTime() + 8 * DAY) }))).toMatchObject({ argument: 'expires_at' })
    expect(planCreateApiKey(bearer(), create({ maxLifetimeSeconds: max }))).toMatchObject({ argument: 'expires_at', reason: 'required' })
    expect(ok(planCreateApiKey(bearer(), create({ maxLifetimeSeconds: max, expiresAt: new Date(NOW.getTime() + DAY) })))).toBeTruthy()
  })

  it('updates the description, default project and expiry, within the maximum', () => {
    const key = issued()
    const plan = ok(planUpdateApiKey(key, { organizationId: ORG, accessKey: ACCESS, description: 'new', defaultProjectId: PROJECT, expiresAt: new Date(NOW.getTime() + DAY), maxLifetimeSeconds: 0, now: NOW }))
    const updated = fold(credentialDecider, eventsOf(plan, credentialStreamId(ORG, KEY)) as never, key) as Credential
    expect(updated).toMatchObject({ description: 'new', expiresAt: new Date(NOW.getTime() + DAY).toISOString() })
    expect(apiKeyFields(updated).defaultProjectId).toBe(PROJECT)
    expect(planUpdateApiKey(key, { organizationId: ORG, accessKey: ACCESS, expiresAt: null, maxLifetimeSeconds: 3600, now: NOW })).toMatchObject({ argument: 'expires_at' })
  })

  it('deletes a key: revoked, items deleted, unlinked from its bearer, quota freed', () => {
    const key = issued()
    const plan = ok(planDeleteApiKey(key, { secretHash: HASH }, bearer(appState(ApplicationLinked({ link: 'api_key', id: KEY }))), { organizationId: ORG, accessKey: ACCESS }))
    expect(typesOf(eventsOf(plan, credentialStreamId(ORG, KEY)))).toEqual(['CredentialRevoked'])
    expect(typesOf(eventsOf(plan, applicationStream(ORG, APP)))).toEqual(['ScwApplicationUnlinked'])
    expect(plan.extras).toEqual(expect.arrayContaining([
      { kind: 'delete', key: globalKeys.credentialBySecretHash(HASH) },
      { kind: 'counter', key: quotaCounterKey(ORG, 'api_keys'), delta: -1 },
    ]))
  })

  it('answers not found by access key for a revoked key or another kind of credential', () => {
    const key = issued()
    const revoked = fold(credentialDecider, eventsOf(ok(planDeleteApiKey(key, undefined, undefined, { organizationId: ORG, accessKey: ACCESS })), credentialStreamId(ORG, KEY)) as never, key)
    expect(liveApiKey(revoked, ACCESS)).toEqual({ kind: 'not_found', resource: 'api_key', resourceId: ACCESS })
    expect(liveApiKey({ ...(key as Credential), kind: 'session' }, ACCESS)).toMatchObject({ kind: 'not_found' })
  })

  it('reports an expired key as expired at request time, whether or not the sweep ran', () => {
    const key = issued({ expiresAt: new Date(NOW.getTime() + DAY) }) as Credential
    expect(apiKeyFields(key).expired(NOW)).toBe(false)
    expect(apiKeyFields(key).expired(new Date(NOW.getTime() + DAY))).toBe(true)
  })
})
