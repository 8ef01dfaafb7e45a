// The state of an nscale service account, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ResourceHistory, ResourceMetadata } from '../resourceMetadata.js'
import type { ServiceAccountEvent } from './events.js'

export const SERVICE_ACCOUNT = 'nscale-service-account'

export interface ServiceAccount extends ResourceHistory {
  id: string
  organizationId: string
  metadata: ResourceMetadata
  /** The live token's credential. */
  credentialId: string
  expiresAt: string
}

export interface ServiceAccountState {
  account?: ServiceAccount
  deleted: boolean
}

export function evolveServiceAccount(state: ServiceAccountState, event: ServiceAccountEvent): ServiceAccountState {
  switch (event.type) {
    case 'NscaleServiceAccountCreated': {
      const { at, by, ...created } = event.data
      return { account: { ...created, createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleServiceAccountUpdated':
      return patch(state, { metadata: event.data.metadata, modifiedAt: event.data.at, modifiedBy: event.data.by })
    case 'NscaleServiceAccountTokenRotated':
      return patch(state, { credentialId: event.data.credentialId, expiresAt: event.data.expiresAt, modifiedAt: event.data.at, modifiedBy: event.data.by })
    case 'NscaleServiceAccountDeleted':
      return { ...state, deleted: true }
  }
}

function patch(state: ServiceAccountState, changes: Partial<ServiceAccount>): ServiceAccountState {
  return state.account ? { ...state, account: { ...state.account, ...changes } } : state
}

export const serviceAccountDecider: Decider<ServiceAccountState, ServiceAccountEvent> = {
  aggregateType: SERVICE_ACCOUNT,
  initialState: () => ({ deleted: false }),
  evolve: evolveServiceAccount,
}

export function serviceAccountStreamId(organizationId: string, serviceAccountId: string): string {
  return streamId(organizationId, SERVICE_ACCOUNT, serviceAccountId)
}

export function liveServiceAccount(state: ServiceAccountState): ServiceAccount | undefined {
  return state.deleted ? undefined : state.account
}
