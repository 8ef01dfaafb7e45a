import type { Decider } from '../decider.js'
import { streamId } from '../events.js'
import type { PrincipalKind } from '../principal/events.js'
import type { CredentialAttributes, CredentialEvent, CredentialKind } from './events.js'

export const CREDENTIAL_AGGREGATE = 'credential'

export type CredentialStatus = 'active' | 'disabled' | 'expired' | 'revoked'

export interface Credential {
  status: CredentialStatus
  credentialId: string
  organizationId: string
  principalId: string
  principalKind: PrincipalKind
  kind: CredentialKind
  accessKey?: string
  description: string
  expiresAt?: string
  attributes: CredentialAttributes
  createdAt: string
  /** When the last event was recorded (from the stored event's meta), else createdAt. */
  updatedAt: string
}

export type CredentialState = { status: 'absent' } | Credential

export function credentialStreamId(organizationId: string, credentialId: string): string {
  return streamId(organizationId, CREDENTIAL_AGGREGATE, credentialId)
}

export function evolveCredential(state: CredentialState, event: CredentialEvent): CredentialState {
  if (event.type === 'CredentialIssued') {
    const { createdAt } = event.data
    return { status: 'active', ...event.data, updatedAt: createdAt }
  }
  if (state.status === 'absent') return state
  const updatedAt = occurredAt(event) ?? state.updatedAt
  switch (event.type) {
    case 'CredentialUpdated': {
      const { description, expiresAt, attributes } = event.data
      const next: Credential = { ...state, updatedAt }
      if (description !== undefined) next.description = description
      if (expiresAt === null) delete next.expiresAt
      else if (expiresAt !== undefined) next.expiresAt = expiresAt
      if (attributes) next.attributes = mergeAttributes(state.attributes, attributes)
      return next
    }
    case 'CredentialRotated': {
      const next: Credential = { ...state, status: state.status === 'expired' ? 'active' : state.status, updatedAt }
      if (event.data.expiresAt) next.expiresAt = event.data.expiresAt
      return next
    }
    case 'CredentialRevoked':
      return { ...state, status: 'revoked', updatedAt }
    case 'CredentialExpired':
      return { ...state, status: 'expired', updatedAt }
    case 'CredentialDisabled':
      return { ...state, status: 'disabled', updatedAt }
    case 'CredentialEnabled':
      return { ...state, status: 'active', updatedAt }
  }
}

function mergeAttributes(current: CredentialAttributes, patch: CredentialAttributes): CredentialAttributes {
  const merged: CredentialAttributes = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key]
    else merged[key] = value
  }
  return merged
}

function occurredAt(event: CredentialEvent): string | undefined {
  return (event as { meta?: { occurredAt?: string } }).meta?.occurredAt
}

export const credentialDecider: Decider<CredentialState, CredentialEvent> = {
  aggregateType: CREDENTIAL_AGGREGATE,
  initialState: () => ({ status: 'absent' }),
  evolve: evolveCredential,
}
