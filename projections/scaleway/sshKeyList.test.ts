import { describe, expect, it } from 'vitest'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import { SshKeyCreated, SshKeyDeleted, SshKeyDisabled, SshKeyEnabled, SshKeyRenamed } from '../../domain/scaleway/sshKey/events.js'
import { sshKeyStream } from '../../domain/scaleway/sshKey/decide.js'
import { modelKeyId, type Model } from '../contract.js'
import { sshKeyList, sshKeyListKey, type SshKeyListItem } from './sshKeyList.js'

const ORG = 'a'.repeat(32)
const KEY = 'c'.repeat(32)
const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'
const id = modelKeyId(sshKeyListKey(ORG, KEY))

function stored(event: DomainEvent, version: number): StoredEvent {
  return {
    ...event,
    streamId: sshKeyStream(ORG, KEY),
    version,
    schemaVersion: 1,
    meta: { eventId: `01J${version}`, occurredAt: T0, actor: { kind: 'user', id: ORG }, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 'test', surface: 'scaleway' },
  }
}

/** Folds events through the projection the way the runtime does: one item, read and written per event. */
function project(...events: DomainEvent[]): SshKeyListItem | undefined {
  let item: Model | undefined
  events.forEach((event, index) => {
    const e = stored(event, index + 1)
    expect(sshKeyList.keys(e)).toEqual([sshKeyListKey(ORG, KEY)])
    item = sshKeyList.evolve(new Map([[id, item as SshKeyListItem | undefined]]), e).get(id) ?? undefined
  })
  return item as SshKeyListItem | undefined
}

const created = SshKeyCreated({
  id: KEY, organizationId: ORG, projectId: ORG, name: 'laptop', publicKey: 'ssh-ed25519 AAAA', fingerprint: '256 MD5:00 (ssh-ed25519)', keyDigest: 'd', at: T0,
})

describe('SSH key list projection', () => {
  it('holds a created key as GetSSHKey renders it', () => {
    expect(project(created)).toEqual({
      id: KEY, organizationId: ORG, projectId: ORG, name: 'laptop', publicKey: 'ssh-ed25519 AAAA', fingerprint: '256 MD5:00 (ssh-ed25519)',
      keyDigest: 'd', disabled: false, createdAt: T0, updatedAt: T0,
    })
  })

  it('follows renames and enable/disable, with their time', () => {
    expect(project(created, SshKeyRenamed({ name: 'desk', at: T1 }), SshKeyDisabled({ at: T1 }))).toMatchObject({ name: 'desk', disabled: true, updatedAt: T1 })
    expect(project(created, SshKeyDisabled({ at: T0 }), SshKeyEnabled({ at: T1 }))).toMatchObject({ disabled: false, updatedAt: T1 })
  })

  it('drops a deleted key', () => {
    expect(project(created, SshKeyDeleted({ at: T1 }))).toBeUndefined()
  })
})
