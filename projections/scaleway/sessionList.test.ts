import { describe, expect, it } from 'vitest'
import { credentialIssued, credentialRevoked } from '../../domain/core/credential/index.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { nextSessionListItem } from './sessionList.js'

const ORG = '0'.repeat(31) + '1'
const stored = (event: { type: string; data: unknown }, version: number) =>
  ({ ...event, streamId: `${ORG}#credential#${'e'.repeat(32)}`, version, schemaVersion: 1, meta: { occurredAt: '2025-01-01T00:01:00.000Z' } }) as unknown as StoredEvent
const issued = (kind: 'session' | 'scaleway_api_key') =>
  stored(credentialIssued({
    credentialId: 'e'.repeat(32), organizationId: ORG, principalId: 'a'.repeat(32), principalKind: 'user', kind, description: '',
    expiresAt: '2025-01-02T00:00:00.000Z', attributes: { issuerId: 'a'.repeat(32) }, createdAt: '2025-01-01T00:00:00.000Z',
  }), 1)

describe('the session list', () => {
  it('holds live sessions only, and no other kind of credential', () => {
    const item = nextSessionListItem(undefined, issued('session'))
    expect(item).toMatchObject({ status: 'active', kind: 'session', principalId: 'a'.repeat(32) })
    expect(nextSessionListItem(undefined, issued('scaleway_api_key'))).toBeUndefined()
    expect(nextSessionListItem(item!, stored(credentialRevoked({ credentialId: 'e'.repeat(32) }), 2))).toBeNull()
  })
})
