// Decisions on a Scaleway SSH key: create (parse, fingerprint), rename, enable/disable, delete.
import { alreadyExists, invalidArgument, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import { streamId } from '../../core/events.js'
import type { StateKey } from '../../core/ports.js'
import { parseId } from '../fields.js'
import { consumeQuota, releaseQuota, type QuotaOverrides } from '../quota/quota.js'
import { writes, type PlannedWrites } from '../plan.js'
import { SshKeyCreated, SshKeyDeleted, SshKeyDisabled, SshKeyEnabled, SshKeyRenamed, type SshKeyEvent } from './events.js'
import { liveSshKey, SSH_KEY, type SshKey, type SshKeyState } from './evolve.js'
import { parsePublicKey } from './publicKey.js'

export const SSH_KEY_NAME_MAX = 1000

export type SshKeyCommand =
  | { type: 'CreateSshKey'; id: string; organizationId: string; projectId?: string; name: string; publicKey: string; at: string }
  | { type: 'UpdateSshKey'; organizationId: string; id: string; name?: string; disabled?: boolean; at: string }
  | { type: 'DeleteSshKey'; organizationId: string; id: string; at: string }

export function decideSshKey(state: SshKeyState, command: SshKeyCommand): SshKeyEvent[] | DomainError {
  if (command.type === 'CreateSshKey') {
    if (state.key) return alreadyExists('ssh_key', command.id)
    const nameError = checkSshKeyName(command.name)
    if (nameError) return nameError
    const projectId = parseId('project_id', command.projectId ?? command.organizationId)
    if (isDomainError(projectId)) return projectId
    const parsed = parsePublicKey(command.publicKey)
    if (isDomainError(parsed)) return parsed
    return [
      SshKeyCreated({
        id: command.id,
        organizationId: command.organizationId,
        projectId,
        name: command.name,
        publicKey: parsed.normalized,
        fingerprint: parsed.fingerprint,
        keyDigest: parsed.sha256,
        at: command.at,
      }),
    ]
  }
  const key = liveSshKey(state)
  if (!key) return notFound('ssh_key', command.id)
  if (command.type === 'DeleteSshKey') return [SshKeyDeleted({ at: command.at })]
  const events: SshKeyEvent[] = []
  if (command.name !== undefined && command.name !== key.name) {
    const nameError = checkSshKeyName(command.name)
    if (nameError) return nameError
    events.push(SshKeyRenamed({ name: command.name, at: command.at }))
  }
  if (command.disabled === true && !key.disabled) events.push(SshKeyDisabled({ at: command.at }))
  if (command.disabled === false && key.disabled) events.push(SshKeyEnabled({ at: command.at }))
  return events
}

function checkSshKeyName(name: string): DomainError | undefined {
  return name.length > SSH_KEY_NAME_MAX ? invalidArgument('name', `name must be at most ${SSH_KEY_NAME_MAX} characters`) : undefined
}

/** One public key per project (spec §5.9 #59): the reservation holds the key's digest. */
export function sshKeyReservation(key: Pick<SshKey, 'organizationId' | 'projectId' | 'keyDigest'>): StateKey {
  return { pk: `${key.organizationId}#scw-ssh-key`, sk: `${key.projectId}#${key.keyDigest}` }
}

export function sshKeyStream(organizationId: string, id: string): string {
  return streamId(organizationId, SSH_KEY, id)
}

export function planCreateSshKey(
  command: Extract<SshKeyCommand, { type: 'CreateSshKey' }>,
  quota: QuotaOverrides = {},
): PlannedWrites | DomainError {
  const events = decideSshKey({ deleted: false }, command)
  if (!Array.isArray(events)) return events
  const created = events[0]!.data as ReturnType<typeof SshKeyCreated>['data']
  return writes(sshKeyStream(command.organizationId, command.id), events, [
    {
      kind: 'reserve',
      key: sshKeyReservation(created),
      owner: command.id,
      onTaken: alreadyExists('ssh_key', created.fingerprint, 'this public key is already registered in the project'),
    },
    consumeQuota(command.organizationId, 'ssh_keys', quota),
  ])
}

export function planUpdateSshKey(
  state: SshKeyState,
  command: Extract<SshKeyCommand, { type: 'UpdateSshKey' }>,
): PlannedWrites | DomainError {
  const events = decideSshKey(state, command)
  if (!Array.isArray(events)) return events
  return writes(sshKeyStream(command.organizationId, command.id), events)
}

export function planDeleteSshKey(
  state: SshKeyState,
  command: Extract<SshKeyCommand, { type: 'DeleteSshKey' }>,
): PlannedWrites | DomainError {
  const events = decideSshKey(state, command)
  if (!Array.isArray(events)) return events
  const key = state.key!
  return writes(sshKeyStream(key.organizationId, key.id), events, [
    { kind: 'release', key: sshKeyReservation(key), owner: key.id },
    releaseQuota(key.organizationId, 'ssh_keys'),
  ])
}
