// The SSH keys of an organization, one item per live key in one partition: ListSSHKeys reads the partition and
// filters, sorts and pages it (functions/api/scaleway/paging.ts). Items hold the key as GetSSHKey renders it.
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import { evolveSshKey, liveSshKey, SSH_KEY, type SshKey } from '../../domain/scaleway/sshKey/evolve.js'
import type { SshKeyEvent } from '../../domain/scaleway/sshKey/events.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SSH_KEY_LIST = 'scwSshKeyList'
export const SSH_KEY_PARTITION = 'ssh-keys'

export type SshKeyListItem = SshKey & Record<string, unknown>

export function sshKeyListKey(organizationId: string, id: string): ModelKey {
  return { scope: organizationId, partition: SSH_KEY_PARTITION, sort: id }
}

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return sshKeyListKey(organizationId, aggregateId)
}

export const sshKeyList: PureProjection<SshKeyListItem> = {
  kind: 'pure',
  name: SSH_KEY_LIST,
  aggregateTypes: [SSH_KEY],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const before = current.get(id)
    const after = liveSshKey(evolveSshKey({ key: before, deleted: false }, event as SshKeyEvent))
    return new Map([[id, after ? (after as SshKeyListItem) : null]])
  },
}
