import { describe, expect, it } from 'vitest'
import { credentialExpired, credentialIssued, credentialRevoked, credentialUpdated } from '../../domain/core/credential/index.js'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import { modelKeyId } from '../contract.js'
import { apiKeyList, apiKeyListKey, type ApiKeyListItem } from './apiKeyList.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const KEY = '0190f2a5c3e87d1a9b2c3d4e5f607187'
const USER = 'b'.repeat(32)
const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'

let version = 0
function stored(event: DomainEvent, occurredAt = T0, streamId = `${ORG}#credential#${KEY}`): StoredEvent {
  version += 1
  return {
    ...event,
    streamId,
    version,
    schemaVersion: 1,
    meta: { eventId: `e${version}`, occurredAt, actor: { kind: 'user', id: USER }, requestId: 'r', sourceIp: '', userAgent: '', surface: 'scaleway' },
  }
}

function project(...events: StoredEvent[]): ApiKeyListItem | undefined {
  const id = modelKeyId(apiKeyListKey(ORG, KEY))
  let item: ApiKeyListItem | undefined
  for (const event of events) {
    expect(apiKeyList.keys(event)).toEqual([apiKeyListKey(ORG, KEY)])
    const changes = apiKeyList.evolve(new Map([[id, item]]), event)
    if (changes.has(id)) item = changes.get(id) ?? undefined
  }
  return item
}

const issued = (kind: 'scaleway_api_key' | 'session' = 'scaleway_api_key') =>
  credentialIssued({
    credentialId: KEY, organizationId: ORG, principalId: USER, principalKind: 'user', kind, accessKey: 'SCWABCDEFGHIJKLMNOPQ',
    description: 'ci', attributes: { defaultProjectId: ORG, creationIp: '127.0.0.1' }, createdAt: T0,
  })

describe('API key list projection', () => {
  it('keeps an issued Scaleway API key, never any secret', () => {
    const item = project(stored(issued()))
    expect(item).toMatchObject({ status: 'active', accessKey: 'SCWABCDEFGHIJKLMNOPQ', description: 'ci', principalId: USER, createdAt: T0, updatedAt: T0 })
    expect(JSON.stringify(item)).not.toMatch(/secret|hash/i)
  })

  it('follows updates with the time they were recorded, and expiry', () => {
    const item = project(
      stored(issued()),
      stored(credentialUpdated({ credentialId: KEY, description: 'deploy', expiresAt: T1 }), T1),
      stored(credentialExpired({ credentialId: KEY }), T1),
    )
    expect(item).toMatchObject({ description: 'deploy', expiresAt: T1, updatedAt: T1, status: 'expired' })
  })

  it('deletes the item when the key is revoked', () => {
    const id = modelKeyId(apiKeyListKey(ORG, KEY))
    const changes = apiKeyList.evolve(new Map([[id, project(stored(issued()))]]), stored(credentialRevoked({ credentialId: KEY })))
    expect(changes.get(id)).toBeNull()
  })

  it('skips other kinds of credential and the events of keys it does not hold', () => {
    expect(project(stored(issued('session')), stored(credentialUpdated({ credentialId: KEY, description: 'x' })))).toBeUndefined()
    expect(apiKeyList.keys(stored(issued(), T0, `${ORG}#scw-user#${KEY}`))).toEqual([])
  })
})
