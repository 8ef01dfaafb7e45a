// The state of a Scaleway SSH key, folded from its events.
import type { Decider } from '../../core/decider.js'
import type { SshKeyEvent } from './events.js'

export const SSH_KEY = 'scw-ssh-key'

export interface SshKey {
  id: string
  organizationId: string
  projectId: string
  name: string
  publicKey: string
  fingerprint: string
  keyDigest: string
  disabled: boolean
  createdAt: string
  updatedAt: string
}

export interface SshKeyState {
  key?: SshKey
  deleted: boolean
}

export const initialSshKeyState = (): SshKeyState => ({ deleted: false })

export function evolveSshKey(state: SshKeyState, event: SshKeyEvent): SshKeyState {
  switch (event.type) {
    case 'ScwSshKeyCreated': {
      const { at, ...key } = event.data
      return { key: { ...key, disabled: false, createdAt: at, updatedAt: at }, deleted: false }
    }
    case 'ScwSshKeyRenamed':
      return patch(state, { name: event.data.name, updatedAt: event.data.at })
    case 'ScwSshKeyDisabled':
      return patch(state, { disabled: true, updatedAt: event.data.at })
    case 'ScwSshKeyEnabled':
      return patch(state, { disabled: false, updatedAt: event.data.at })
    case 'ScwSshKeyDeleted':
      return { ...state, deleted: true }
  }
}

function patch(state: SshKeyState, changes: Partial<SshKey>): SshKeyState {
  return state.key ? { ...state, key: { ...state.key, ...changes } } : state
}

export const sshKeyDecider: Decider<SshKeyState, SshKeyEvent> = {
  aggregateType: SSH_KEY,
  initialState: initialSshKeyState,
  evolve: evolveSshKey,
}

/** The key when it exists and is not deleted. */
export function liveSshKey(state: SshKeyState): SshKey | undefined {
  return state.deleted ? undefined : state.key
}
