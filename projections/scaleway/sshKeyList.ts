// The SSH keys of an organization, one item per live key in one partition: ListSSHKeys reads the partition and
// filters, sorts and pages it (functions/api/scaleway/paging.ts). Items hold the key as GetSSHKey renders it.
import { evolveSshKey, liveSshKey, SSH_KEY, type SshKey } from '../../domain/scaleway/sshKey/evolve.js'
import type { SshKeyEvent } from '../../domain/scaleway/sshKey/events.js'
import { streamItemList } from '../streamItemList.js'

export const SSH_KEY_LIST = 'scwSshKeyList'
export const SSH_KEY_PARTITION = 'ssh-keys'

export type SshKeyListItem = SshKey & Record<string, unknown>

export const sshKeyList = streamItemList<SshKeyListItem>({
  name: SSH_KEY_LIST,
  aggregateType: SSH_KEY,
  partition: SSH_KEY_PARTITION,
  next: (current, event) => (liveSshKey(evolveSshKey({ key: current, deleted: false }, event as unknown as SshKeyEvent)) as SshKeyListItem | undefined) ?? null,
})

export const sshKeyListKey = sshKeyList.key
