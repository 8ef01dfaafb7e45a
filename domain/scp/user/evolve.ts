import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ScpUserEvent } from './events.js'

export const SCP_USER = 'scp-user'

export interface ScpUserSettings {
  description: string | null
  passwordReuseCount: number
  temporaryPassword: boolean
  lastPasswordUpdateAt: string | null
  updatedAt: string | null
}

export function scpUserStream(organizationId: string, id: string): string {
  return streamId(organizationId, SCP_USER, id)
}

export const NO_SCP_SETTINGS: ScpUserSettings = { description: null, passwordReuseCount: 0, temporaryPassword: false, lastPasswordUpdateAt: null, updatedAt: null }

export function evolveScpUser(state: ScpUserSettings, event: ScpUserEvent): ScpUserSettings {
  const { description, passwordReuseCount, temporaryPassword, passwordChangedAt, at } = event.data
  return {
    description: description === undefined ? state.description : description,
    passwordReuseCount: passwordReuseCount ?? state.passwordReuseCount,
    temporaryPassword: temporaryPassword ?? state.temporaryPassword,
    lastPasswordUpdateAt: passwordChangedAt ?? state.lastPasswordUpdateAt,
    updatedAt: at,
  }
}

export const scpUserDecider: Decider<ScpUserSettings, ScpUserEvent> = {
  aggregateType: SCP_USER,
  initialState: () => NO_SCP_SETTINGS,
  evolve: evolveScpUser,
}
