import { describe, expect, it } from 'vitest'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import { NscaleAllocationCreated, NscaleAllocationDeleted, NscaleAllocationUpdated } from '../../domain/nscale/allocation/events.js'
import { allocationStreamId } from '../../domain/nscale/allocation/evolve.js'
import { NscaleOauth2ProviderCreated, NscaleOauth2ProviderUpdated } from '../../domain/nscale/oauth2Provider/events.js'
import { oauth2ProviderStreamId } from '../../domain/nscale/oauth2Provider/evolve.js'
import { NscaleServiceAccountCreated, NscaleServiceAccountDeleted, NscaleServiceAccountTokenRotated } from '../../domain/nscale/serviceAccount/events.js'
import { serviceAccountStreamId } from '../../domain/nscale/serviceAccount/evolve.js'
import { modelKeyId, type Model, type PureProjection } from '../contract.js'
import { allocationList, allocationListKey } from './allocationList.js'
import { oauth2ProviderList, oauth2ProviderListKey } from './oauth2ProviderList.js'
import { serviceAccountList, serviceAccountListKey } from './serviceAccountList.js'

const ORG = 'a'.repeat(32)
const ID = 'b'.repeat(32)
const CRED = 'c'.repeat(32)
const T0 = '2026-01-01T00:00:00Z'
const T1 = '2026-01-02T00:00:00Z'

/** Folds events through a projection the way the runtime does: one item, read and written per event. */
function project(projection: PureProjection, streamId: string, ...events: DomainEvent[]): Model | undefined {
  let item: Model | undefined
  events.forEach((event, index) => {
    const stored: StoredEvent = {
      ...event, streamId, version: index + 1, schemaVersion: 1,
      meta: { eventId: `e${index}`, occurredAt: T0, actor: { kind: 'user', id: 'u' }, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 't', surface: 'nscale' },
    }
    const [key] = projection.keys(stored)
    const id = modelKeyId(key!)
    item = projection.evolve(new Map([[id, item]]), stored).get(id) ?? undefined
  })
  return item
}

describe('nscale resource lists', () => {
  it('hold a service account without its token, follow rotation, and drop it on delete', () => {
    const stream = serviceAccountStreamId(ORG, ID)
    expect(serviceAccountList.keys({ streamId: stream } as StoredEvent)).toEqual([serviceAccountListKey(ORG, ID)])
    const created = NscaleServiceAccountCreated({ id: ID, organizationId: ORG, metadata: { name: 'ci' }, credentialId: CRED, expiresAt: T1, at: T0, by: 'a' })
    const rotated = NscaleServiceAccountTokenRotated({ credentialId: CRED, expiresAt: '2026-04-01T00:00:00Z', at: T1, by: ID })
    expect(project(serviceAccountList, stream, created, rotated)).toMatchObject({ id: ID, expiresAt: '2026-04-01T00:00:00Z', modifiedBy: ID, createdBy: 'a' })
    expect(project(serviceAccountList, stream, created, NscaleServiceAccountDeleted({ at: T1, by: 'a' }))).toBeUndefined()
  })

  it('hold a provider without a secret', () => {
    const stream = oauth2ProviderStreamId(ORG, ID)
    expect(oauth2ProviderList.keys({ streamId: stream } as StoredEvent)).toEqual([oauth2ProviderListKey(ORG, ID)])
    const spec = { issuer: 'https://idp.example.com', clientID: 'c' }
    const created = NscaleOauth2ProviderCreated({ id: ID, organizationId: ORG, metadata: { name: 'idp' }, spec, hasClientSecret: false, at: T0, by: 'a' })
    const updated = NscaleOauth2ProviderUpdated({ metadata: { name: 'idp2' }, spec, clientSecretSet: true, at: T1, by: 'b' })
    expect(project(oauth2ProviderList, stream, created, updated)).toMatchObject({ metadata: { name: 'idp2' }, hasClientSecret: true, modifiedBy: 'b' })
  })

  it('hold an allocation with its project and follow replacements and deletion', () => {
    const stream = allocationStreamId(ORG, ID)
    expect(allocationList.keys({ streamId: stream } as StoredEvent)).toEqual([allocationListKey(ORG, ID)])
    const spec = { kind: 'cluster', id: 'c1', allocations: [{ kind: 'gpus', committed: 1, reserved: 0 }] }
    const created = NscaleAllocationCreated({ id: ID, organizationId: ORG, projectId: CRED, metadata: { name: 'undefined' }, spec, at: T0, by: 'a' })
    const bigger = { ...spec, allocations: [{ kind: 'gpus', committed: 2, reserved: 0 }] }
    expect(project(allocationList, stream, created, NscaleAllocationUpdated({ metadata: { name: 'undefined' }, spec: bigger, at: T1, by: 'a' })))
      .toMatchObject({ projectId: CRED, spec: bigger, modifiedAt: T1 })
    expect(project(allocationList, stream, created, NscaleAllocationDeleted({ at: T1, by: 'a' }))).toBeUndefined()
  })
})
