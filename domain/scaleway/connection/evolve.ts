// A user's connections, folded from its stream `<org>#scw-user-connections#<user>`: the token it may be joined
// with, and the users of other organizations it is connected to.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ConnectionEvent } from './events.js'

export const USER_CONNECTIONS = 'scw-user-connections'

export interface Peer {
  organizationId: string
  userId: string
  connectedAt: string
}

export interface ConnectionsState {
  /** The only token that may still be joined, until it expires. */
  pending?: { tokenId: string; expiresAt: string }
  /** In the order they were made. */
  peers: Peer[]
}

export function evolveConnections(state: ConnectionsState, event: ConnectionEvent): ConnectionsState {
  switch (event.type) {
    case 'ScwUserConnectionInitiated':
      return { ...state, pending: { tokenId: event.data.tokenId, expiresAt: event.data.expiresAt } }
    case 'ScwUserConnected': {
      const { peerOrganizationId, peerUserId, tokenId, at } = event.data
      const used = tokenId !== undefined && state.pending?.tokenId === tokenId
      return {
        ...(used || !state.pending ? {} : { pending: state.pending }),
        peers: [...state.peers, { organizationId: peerOrganizationId, userId: peerUserId, connectedAt: at }],
      }
    }
    case 'ScwUserDisconnected':
      return { ...state, peers: state.peers.filter((peer) => peer.userId !== event.data.peerUserId) }
  }
}

export const connectionsDecider: Decider<ConnectionsState, ConnectionEvent> = {
  aggregateType: USER_CONNECTIONS,
  initialState: () => ({ peers: [] }),
  evolve: evolveConnections,
}

export function connectionsStream(organizationId: string, userId: string): string {
  return streamId(organizationId, USER_CONNECTIONS, userId)
}
