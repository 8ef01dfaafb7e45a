import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import type { DomainEvent } from '../../core/events.js'
import { quotaCounterKey } from '../quota/quota.js'
import { decideSshKey, planCreateSshKey, planDeleteSshKey, sshKeyReservation, type SshKeyCommand } from './decide.js'
import { SshKeyCreated, SshKeyDeleted, SshKeyDisabled, SshKeyEnabled, SshKeyRenamed, type SshKeyEvent } from './events.js'
import { sshKeyDecider } from './evolve.js'

const ORG = 'a'.repeat(32)
const PROJECT = 'b'.repeat(32)
const KEY_ID = 'c'.repeat(32)
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO opensource@scaleway.com'

const given = (...events: SshKeyEvent[]) => fold(sshKeyDecider, events)
const create = (overrides: Partial<Extract<SshKeyCommand, { type: 'CreateSshKey' }>> = {}) =>
  ({ type: 'CreateSshKey', id: KEY_ID, organizationId: ORG, projectId: PROJECT, name: 'laptop', publicKey: ED25519, at: T0, ...overrides }) as const
const created = () => {
  const events = decideSshKey(given(), create())
  if (!Array.isArray(events)) throw new Error('create failed')
  return events[0] as ReturnType<typeof SshKeyCreated>
}
const update = (changes: { name?: string; disabled?: boolean }) => ({ type: 'UpdateSshKey', organizationId: ORG, id: KEY_ID, at: T1, ...changes }) as const
const types = (events: DomainEvent[] | unknown) => (events as DomainEvent[]).map((event) => event.type)

describe('SSH keys', () => {
  it('registers a key with its fingerprint, without its comment, enabled', () => {
    const state = given(created())
    expect(state.key).toMatchObject({
      name: 'laptop',
      projectId: PROJECT,
      organizationId: ORG,
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO',
      fingerprint: '256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 (ssh-ed25519)',
      disabled: false,
      createdAt: T0,
      updatedAt: T0,
    })
  })

  it('puts a key without a project in the default project (the organization id)', () => {
    const events = decideSshKey(given(), create({ projectId: undefined }))
    expect((events as SshKeyEvent[])[0]!.data).toMatchObject({ projectId: ORG })
  })

  it('refuses a malformed key, a name over 1000 characters and a project that is not an id', () => {
    expect(decideSshKey(given(), create({ publicKey: 'ssh-ed25519 AAAA' }))).toMatchObject({ kind: 'invalid_argument', argument: 'public_key' })
    expect(decideSshKey(given(), create({ name: 'n'.repeat(1001) }))).toMatchObject({ kind: 'invalid_argument', argument: 'name' })
    expect(decideSshKey(given(), create({ projectId: 'not-a-project' }))).toMatchObject({ kind: 'invalid_argument', argument: 'project_id' })
  })

  it('refuses a second key in a project through a reservation on the key digest, and counts the quota', () => {
    const plan = planCreateSshKey(create())
    if ('kind' in plan) throw new Error(plan.kind)
    expect(plan.extras).toEqual([
      expect.objectContaining({ kind: 'reserve', key: sshKeyReservation(created().data), owner: KEY_ID, onTaken: expect.objectContaining({ kind: 'already_exists', resource: 'ssh_key' }) }),
      expect.objectContaining({ kind: 'counter', key: quotaCounterKey(ORG, 'ssh_keys'), delta: 1, limit: 50 }),
    ])
  })

  it('reserves per project, so the same key may live in two projects', () => {
    const other = planCreateSshKey(create({ projectId: 'd'.repeat(32) }))
    const first = planCreateSshKey(create())
    expect((other as { extras: Array<{ key: unknown }> }).extras[0]!.key).not.toEqual((first as { extras: Array<{ key: unknown }> }).extras[0]!.key)
  })

  it('renames and disables a key in one update, and enables it again', () => {
    const state = given(created())
    const events = decideSshKey(state, update({ name: 'desktop', disabled: true }))
    expect(types(events)).toEqual([SshKeyRenamed.type, SshKeyDisabled.type])
    const disabled = given(created(), ...(events as SshKeyEvent[]))
    expect(disabled.key).toMatchObject({ name: 'desktop', disabled: true, updatedAt: T1 })
    expect(types(decideSshKey(disabled, update({ disabled: false })))).toEqual([SshKeyEnabled.type])
  })

  it('changes nothing when an update repeats the current values', () => {
    expect(decideSshKey(given(created()), update({ name: 'laptop', disabled: false }))).toEqual([])
  })

  it('deletes a key and frees its reservation and quota', () => {
    const state = given(created())
    const plan = planDeleteSshKey(state, { type: 'DeleteSshKey', organizationId: ORG, id: KEY_ID, at: T1 })
    if ('kind' in plan) throw new Error(plan.kind)
    expect(types(plan.appends[0]!.events)).toEqual([SshKeyDeleted.type])
    expect(plan.extras).toEqual([
      { kind: 'release', key: sshKeyReservation(state.key!), owner: KEY_ID },
      { kind: 'counter', key: quotaCounterKey(ORG, 'ssh_keys'), delta: -1 },
    ])
  })

  it('answers not found for a deleted or unknown key', () => {
    expect(decideSshKey(given(created(), SshKeyDeleted({ at: T1 })), update({ name: 'x' }))).toEqual({ kind: 'not_found', resource: 'ssh_key', resourceId: KEY_ID })
    expect(decideSshKey(given(), { type: 'DeleteSshKey', organizationId: ORG, id: KEY_ID, at: T1 })).toMatchObject({ kind: 'not_found' })
  })
})
