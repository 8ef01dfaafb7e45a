// Decisions on user connections (spec §1.16, §4.12, §5.9 #56). A connection links a human's user accounts in two
// organizations, and each organization authorizes its own side: its member initiates and gets a token (a secret,
// shown once, kept only as a SHA-256 hash in a global item, DESIGN §3), a member of the other organization joins
// with it. Either side may remove the connection; both users' streams change in the same request.
import { alreadyExists, invalidArgument, notFound, preconditionFailed, type DomainError } from '../../core/errors.js'
import { globalPk, GLOBAL_SCOPES } from '../../core/globalItems.js'
import type { StateKey } from '../../core/ports.js'
import { combine, writes, type PlannedWrites } from '../plan.js'
import { UserConnected, UserConnectionInitiated, UserDisconnected } from './events.js'
import { connectionsStream, type ConnectionsState } from './evolve.js'

/** A token is joined within the hour, once; initiating again supersedes it. */
export const CONNECTION_TOKEN_TTL_SECONDS = 3600
/** Connections per user. */
export const MAX_CONNECTIONS = 20

/** The global item a token's hash points at: ids and the expiry only. */
export interface ConnectionTokenItem {
  organizationId: string
  userId: string
  tokenId: string
  expiresAt: string
}

export function connectionTokenKey(tokenSha256Hex: string): StateKey {
  return { pk: globalPk(GLOBAL_SCOPES.connectionToken, tokenSha256Hex), sk: 'token' }
}

/** A user's side: its id, whether it is a live user of its organization, its connections. */
export interface UserSide {
  organizationId: string
  userId: string
  live: boolean
  connections: ConnectionsState
}

export function planInitiateConnection(
  user: UserSide,
  token: { id: string; sha256Hex: string },
  at: string,
): PlannedWrites | DomainError {
  if (!user.live) return notFound('user', user.userId)
  if (user.connections.peers.length >= MAX_CONNECTIONS) return connectionsLimit()
  const expiresAt = new Date(Date.parse(at) + CONNECTION_TOKEN_TTL_SECONDS * 1000).toISOString()
  const item: ConnectionTokenItem = { organizationId: user.organizationId, userId: user.userId, tokenId: token.id, expiresAt }
  return writes(
    connectionsStream(user.organizationId, user.userId),
    [UserConnectionInitiated({ organizationId: user.organizationId, userId: user.userId, tokenId: token.id, expiresAt, at })],
    [{ kind: 'put', key: connectionTokenKey(token.sha256Hex), attributes: { ...item }, ttlSeconds: CONNECTION_TOKEN_TTL_SECONDS }],
  )
}

/**
 * Joins `joiner` to the user who initiated the token. `item` is what the token's hash points at (undefined when
 * unknown); `initiator` that user's side, loaded from the item. A token that is unknown, used, superseded or
 * expired, or whose user is gone, is refused alike.
 */
export function planJoinConnection(
  joiner: UserSide,
  token: { sha256Hex: string; item: ConnectionTokenItem | undefined },
  initiator: UserSide | undefined,
  at: string,
): PlannedWrites | DomainError {
  if (!joiner.live) return notFound('user', joiner.userId)
  const { item } = token
  const pending = initiator?.connections.pending
  const usable = item && initiator?.live && pending?.tokenId === item.tokenId && Date.parse(item.expiresAt) > Date.parse(at)
  if (!usable || !initiator) return invalidArgument('token', 'the connection token is unknown, used or expired')
  if (initiator.organizationId === joiner.organizationId) {
    return preconditionFailed('connection_same_organization', 'a user connects to its accounts in other organizations, not in its own')
  }
  const linked = (side: UserSide, other: UserSide) => side.connections.peers.find((peer) => peer.organizationId === other.organizationId)
  const existing = linked(joiner, initiator) ?? linked(initiator, joiner)
  if (existing) return alreadyExists('connection', existing.userId, 'the user is already connected to a user of that organization')
  if (joiner.connections.peers.length >= MAX_CONNECTIONS || initiator.connections.peers.length >= MAX_CONNECTIONS) return connectionsLimit()
  return combine(
    writes(connectionsStream(initiator.organizationId, initiator.userId), [
      UserConnected({
        organizationId: initiator.organizationId, userId: initiator.userId, peerOrganizationId: joiner.organizationId, peerUserId: joiner.userId,
        tokenId: item.tokenId, at,
      }),
    ], [{ kind: 'delete', key: connectionTokenKey(token.sha256Hex) }]),
    writes(connectionsStream(joiner.organizationId, joiner.userId), [
      UserConnected({ organizationId: joiner.organizationId, userId: joiner.userId, peerOrganizationId: initiator.organizationId, peerUserId: initiator.userId, at }),
    ]),
  )
}

/** The peer of `user` that `targetUserId` names, for RemoveUserConnection. */
export function connectedPeer(user: UserSide, targetUserId: string) {
  return user.connections.peers.find((peer) => peer.userId === targetUserId)
}

/** Removes the connection on both sides (the peer's stream is loaded by the caller, so that it is appended after what it saw). */
export function planRemoveConnection(user: UserSide, targetUserId: string, at: string): PlannedWrites | DomainError {
  if (!user.live) return notFound('user', user.userId)
  const peer = connectedPeer(user, targetUserId)
  if (!peer) return notFound('connection', targetUserId)
  return combine(
    writes(connectionsStream(user.organizationId, user.userId), [
      UserDisconnected({ organizationId: user.organizationId, userId: user.userId, peerOrganizationId: peer.organizationId, peerUserId: peer.userId, at }),
    ]),
    writes(connectionsStream(peer.organizationId, peer.userId), [
      UserDisconnected({ organizationId: peer.organizationId, userId: peer.userId, peerOrganizationId: user.organizationId, peerUserId: user.userId, at }),
    ]),
  )
}

function connectionsLimit(): DomainError {
  return preconditionFailed('connections_limit', `a user has at most ${MAX_CONNECTIONS} connections; remove one first`)
}
