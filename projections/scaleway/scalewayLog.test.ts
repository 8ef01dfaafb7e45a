import { ulid } from 'ulid'
import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/core/events.js'
import { ulidToHex } from '../../domain/core/ids.js'
import { auditLog, scalewayLogKey, type AuditLogModel } from '../auditLog.js'
import { modelKeyId, type ModelKey } from '../contract.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const ACTOR = '0190f2a5c3e87d1a9b2c3d4e5f607183'
const TARGET = '0190f2a5c3e87d1a9b2c3d4e5f607184'

function event(aggregateType: string, type: string, data: unknown = {}, version = 1): StoredEvent {
  return {
    streamId: `${ORG}#${aggregateType}#${TARGET}`,
    version,
    type,
    schemaVersion: 1,
    data,
    meta: {
      eventId: ulid(),
      occurredAt: '2026-03-14T09:26:53.589Z',
      actor: { kind: 'user', id: ACTOR },
      requestId: 'req-1',
      sourceIp: '192.0.2.7',
      userAgent: 'scaleway-sdk-js/1.6.0',
      surface: 'scaleway',
    },
  }
}

/** Applies a stream's events in order, as the runtime does, keeping every item; answers each event's Scaleway log. */
function project(...events: StoredEvent[]): Array<AuditLogModel | undefined> {
  const items = new Map<string, AuditLogModel | undefined>()
  return events.map((e) => {
    const keys: ModelKey[] = auditLog.keys(e)
    const current = new Map(keys.map((key) => [modelKeyId(key), items.get(modelKeyId(key))]))
    for (const [id, model] of auditLog.evolve(current, e)) {
      expect(keys.map(modelKeyId)).toContain(id)
      items.set(id, model ?? undefined)
    }
    return items.get(modelKeyId(scalewayLogKey(ORG, e.meta.eventId)!))
  })
}

const actions = (...events: StoredEvent[]) => project(...events).map((log) => log && `${log.resourceType} ${log.action}`)

describe('Scaleway logs in the audit projection', () => {
  it('logs a create with the request facts, under the event id', () => {
    const created = event('scw-application', 'ScwApplicationCreated')
    expect(project(created)[0]).toEqual({
      id: ulidToHex(created.meta.eventId),
      createdAt: '2026-03-14T09:26:53.589Z',
      ip: '192.0.2.7',
      userAgent: 'scaleway-sdk-js/1.6.0',
      action: 'created',
      bearerId: ACTOR,
      organizationId: ORG,
      resourceType: 'application',
      resourceId: TARGET,
      eventType: 'ScwApplicationCreated',
    })
  })

  it('maps the events of users, applications, groups and policies', () => {
    expect(actions(
      event('scw-user', 'ScwUserCreated'), event('scw-user', 'ScwUserPasswordChanged'), event('scw-user', 'ScwUserLoggedIn'),
      event('scw-user', 'ScwUserLinked'), event('scw-user', 'ScwUserDeleted'),
    )).toEqual(['user created', 'user updated', undefined, undefined, 'user deleted'])
    expect(actions(event('scw-group', 'ScwGroupMembersAdded'), event('scw-group', 'ScwGroupLinked'), event('scw-group', 'ScwGroupDeleted')))
      .toEqual(['group updated', undefined, 'group deleted'])
    expect(actions(event('scw-policy', 'ScwPolicyRulesSet'), event('scw-policy', 'ScwPolicyPrincipalDetached')))
      .toEqual(['policy updated', 'policy updated'])
    expect(actions(event('scw-application', 'ScwApplicationUpdated'), event('scw-application', 'ScwApplicationDeleted')))
      .toEqual(['application updated', 'application deleted'])
  })

  it('logs a Scaleway API key under its access key, through the subject its issue records', () => {
    const issued = event('credential', 'CredentialIssued', { kind: 'scaleway_api_key', accessKey: 'SCWABCDEFGHIJKLMNOPQ' })
    const logs = project(issued, event('credential', 'CredentialUpdated', {}, 2), event('credential', 'CredentialRevoked', {}, 3))
    expect(logs.map((log) => log && [log.resourceType, log.resourceId, log.action])).toEqual([
      ['api_key', 'SCWABCDEFGHIJKLMNOPQ', 'created'],
      ['api_key', 'SCWABCDEFGHIJKLMNOPQ', 'updated'],
      ['api_key', 'SCWABCDEFGHIJKLMNOPQ', 'deleted'],
    ])
  })

  it('does not log other credentials (sessions, other surfaces)', () => {
    expect(actions(event('credential', 'CredentialIssued', { kind: 'session' }), event('credential', 'CredentialRevoked', {}, 2))).toEqual([undefined, undefined])
  })

  it('logs lock and unlock as updates of a user, not of other principals, and not registration or deletion', () => {
    expect(actions(
      event('principal', 'PrincipalRegistered', { kind: 'user' }), event('principal', 'PrincipalLocked', {}, 2),
      event('principal', 'PrincipalUnlocked', {}, 3), event('principal', 'PrincipalDeleted', {}, 4),
    )).toEqual([undefined, 'user updated', 'user updated', undefined])
    expect(actions(event('principal', 'PrincipalRegistered', { kind: 'application' }), event('principal', 'PrincipalLocked', {}, 2)))
      .toEqual([undefined, undefined])
  })

  it('does not log organizations, SSH keys or unknown aggregates', () => {
    expect(actions(
      event('organization', 'OrganizationAliasSet'), event('scw-ssh-key', 'ScwSshKeyCreated'), event('scp-user', 'ScpUserCreated'),
    )).toEqual([undefined, undefined, undefined])
  })
})
