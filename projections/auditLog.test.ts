import { describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { toUuid, ulidToHex } from '../domain/core/ids.js'
import type { StoredEvent } from '../domain/core/events.js'
import { auditAction, auditLog, auditLogKey, auditLogPartitions, auditResourceType } from './auditLog.js'
import { modelKeyId } from './contract.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const USER = '0190f2a5c3e87d1a9b2c3d4e5f607183'

function event(type: string, eventId: string, aggregateType = 'scw-api-key'): StoredEvent {
  return {
    streamId: `${ORG}#${aggregateType}#${USER}`,
    version: 3,
    type,
    schemaVersion: 1,
    data: {},
    meta: {
      eventId,
      occurredAt: '2026-03-14T09:26:53.589Z',
      actor: { kind: 'user', id: USER },
      requestId: 'req-1',
      sourceIp: '192.0.2.7',
      userAgent: 'scaleway-sdk-js/1.0',
      surface: 'scaleway',
    },
  }
}

describe('audit log projection', () => {
  it('derives the action from the event type suffix', () => {
    expect(auditAction('ScwApplicationCreated')).toBe('created')
    expect(auditAction('CredentialIssued')).toBe('created')
    expect(auditAction('ScwApplicationDeleted')).toBe('deleted')
    expect(auditAction('CredentialRevoked')).toBe('deleted')
    expect(auditAction('ScwApplicationUpdated')).toBe('updated')
    expect(auditAction('PrincipalLocked')).toBe('updated')
  })

  it('names the resource type after the aggregate without its surface prefix', () => {
    expect(auditResourceType('scw-api-key')).toBe('api_key')
    expect(auditResourceType('scw-application')).toBe('application')
    expect(auditResourceType('principal')).toBe('principal')
  })

  it('writes one entry per event, found again from its log id alone', () => {
    const eventId = ulid(Date.UTC(2026, 2, 14, 9, 26, 53))
    const e = event('ScwApiKeyCreated', eventId)
    const [key] = auditLog.keys(e)
    const written = auditLog.evolve(new Map(), e)
    expect(key).toEqual(auditLogKey(ORG, toUuid(ulidToHex(eventId))))
    expect(key?.partition).toBe('log#2026-03')
    expect(written.get(modelKeyId(key!))).toMatchObject({
      id: ulidToHex(eventId),
      action: 'created',
      resourceType: 'api_key',
      resourceId: USER,
      actorId: USER,
      sourceIp: '192.0.2.7',
      userAgent: 'scaleway-sdk-js/1.0',
      organizationId: ORG,
    })
  })

  it('sorts entries of a month by time', () => {
    const early = auditLog.keys(event('X', ulid(Date.UTC(2026, 2, 1))))[0]!
    const late = auditLog.keys(event('X', ulid(Date.UTC(2026, 2, 30))))[0]!
    expect(early.partition).toBe(late.partition)
    expect(early.sort < late.sort).toBe(true)
  })

  it('lists the month partitions of a range', () => {
    expect(auditLogPartitions(new Date('2025-11-20T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))).toEqual([
      'log#2025-11', 'log#2025-12', 'log#2026-01', 'log#2026-02',
    ])
  })

  it('ignores an event whose id is not an id', () => {
    expect(auditLog.keys(event('X', 'not-an-id'))).toEqual([])
  })
})
