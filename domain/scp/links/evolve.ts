// An identity's links folded from its `scp-links` stream, in the order they were made.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { IdentityType, LinksEvent } from './events.js'

export const LINKS = 'scp-links'

export interface Links {
  identityType?: IdentityType
  policyIds: string[]
  groupIds: string[]
}

export function linksStream(organizationId: string, identityId: string): string {
  return streamId(organizationId, LINKS, identityId)
}

export function evolveLinks(state: Links, event: LinksEvent): Links {
  switch (event.type) {
    case 'ScpLinksPoliciesAttached':
      return { ...state, identityType: event.data.identityType, policyIds: [...state.policyIds, ...event.data.policyIds.filter((id) => !state.policyIds.includes(id))] }
    case 'ScpLinksPoliciesDetached':
      return { ...state, policyIds: state.policyIds.filter((id) => !event.data.policyIds.includes(id)) }
    case 'ScpLinksGroupsJoined':
      return { ...state, identityType: 'USER', groupIds: [...state.groupIds, ...event.data.groupIds.filter((id) => !state.groupIds.includes(id))] }
    case 'ScpLinksGroupsLeft':
      return { ...state, groupIds: state.groupIds.filter((id) => !event.data.groupIds.includes(id)) }
  }
}

export const linksDecider: Decider<Links, LinksEvent> = {
  aggregateType: LINKS,
  initialState: () => ({ policyIds: [], groupIds: [] }),
  evolve: evolveLinks,
}
