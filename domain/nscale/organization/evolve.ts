// The nscale view of an organization, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ResourceHistory, ResourceMetadata } from '../resourceMetadata.js'
import type { NscaleOrganizationEvent, OrganizationSpec } from './events.js'

export const NSCALE_ORGANIZATION = 'nscale-organization'

export interface NscaleOrganization extends ResourceHistory {
  id: string
  metadata: ResourceMetadata
  spec: OrganizationSpec
  deletedAt?: string
}

export interface NscaleOrganizationState {
  organization?: NscaleOrganization
  deleted: boolean
}

export function evolveNscaleOrganization(state: NscaleOrganizationState, event: NscaleOrganizationEvent): NscaleOrganizationState {
  switch (event.type) {
    case 'NscaleOrganizationCreated': {
      const { at, by, ...created } = event.data
      return { organization: { ...created, createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleOrganizationUpdated':
      return state.organization
        ? { ...state, organization: { ...state.organization, metadata: event.data.metadata, spec: event.data.spec, modifiedAt: event.data.at, modifiedBy: event.data.by } }
        : state
    case 'NscaleOrganizationDeleted':
      return { organization: state.organization && { ...state.organization, deletedAt: event.data.at }, deleted: true }
  }
}

export const nscaleOrganizationDecider: Decider<NscaleOrganizationState, NscaleOrganizationEvent> = {
  aggregateType: NSCALE_ORGANIZATION,
  initialState: () => ({ deleted: false }),
  evolve: evolveNscaleOrganization,
}

export function nscaleOrganizationStreamId(organizationId: string): string {
  return streamId(organizationId, NSCALE_ORGANIZATION, organizationId)
}

export function liveNscaleOrganization(state: NscaleOrganizationState): NscaleOrganization | undefined {
  return state.deleted ? undefined : state.organization
}
