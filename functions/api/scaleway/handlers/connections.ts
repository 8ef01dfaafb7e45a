// User connections (spec §1.16, §4.12): links between a human's user accounts in several organizations
// (domain/scaleway/connection). Each organization authorizes its own side through the route's permission: one
// initiates for its user and gets the token (shown once; only its SHA-256 is kept, in the global `~conntoken`
// item), the other joins its user with it. Reads fold the user's connection stream and, per peer, the peer's
// organization and user, so a connection whose peer user was deleted is no longer listed.
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import { organizationDecider, organizationStreamId, type OrganizationState } from '../../../../domain/core/organization/evolve.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/index.js'
import {
  connectedPeer, connectionTokenKey, planInitiateConnection, planJoinConnection, planRemoveConnection, type ConnectionTokenItem, type UserSide,
} from '../../../../domain/scaleway/connection/decide.js'
import type { ConnectionEvent } from '../../../../domain/scaleway/connection/events.js'
import { connectionsDecider, connectionsStream } from '../../../../domain/scaleway/connection/evolve.js'
import { liveUser, userDecider, userStream } from '../../../../domain/scaleway/index.js'
import { newSecretToken, sha256Hex } from '../../../store/secrets.js'
import { defineHandlers, operation } from '../operation.js'
import { respond, respondEmpty, runWrite } from './command.js'
import { loadUser, renderLoadedUser } from './userViews.js'

/** A user's side as a plan sees it: consistent reads of its profile and its connections. */
async function loadSide(ctx: CommandContext, organizationId: Id, userId: Id): Promise<UserSide> {
  const [user, connections] = await Promise.all([
    ctx.load(userDecider, userStream(organizationId, userId)),
    ctx.load(connectionsDecider, connectionsStream(organizationId, userId)),
  ])
  return { organizationId, userId, live: liveUser(user.state) !== undefined, connections: connections.state }
}

function tokenItem(item: Record<string, unknown> | undefined): ConnectionTokenItem | undefined {
  const { organizationId, userId, tokenId, expiresAt } = item ?? {}
  const strings = [organizationId, userId, tokenId, expiresAt].every((value) => typeof value === 'string')
  return strings ? { organizationId, userId, tokenId, expiresAt } as ConnectionTokenItem : undefined
}

export const connectionHandlers = defineHandlers(
  operation('GetUserConnections', async ({ deps, principal, input }) => {
    const { store } = deps.services
    const organizationId = principal.organizationId
    const userId = input.params.user_id
    const own = connectionsStream(organizationId, userId)
    const [user, loaded] = await Promise.all([loadUser(store, organizationId, userId), store.load([own])])
    if (!renderLoadedUser(user)) return notFound('user', userId)
    const { peers } = fold(connectionsDecider, (loaded.get(own) ?? []) as unknown as ConnectionEvent[])
    const streams = peers.flatMap((peer) => [
      organizationStreamId(peer.organizationId), userStream(peer.organizationId, peer.userId), principalStreamId(peer.organizationId, peer.userId),
    ])
    const found = streams.length > 0 ? await store.load(streams) : new Map()
    const events = (stream: string) => (found.get(stream) ?? []) as never[]
    const connections = peers.flatMap((peer) => {
      const organization: OrganizationState = fold(organizationDecider, events(organizationStreamId(peer.organizationId)))
      const rendered = renderLoadedUser({
        state: fold(userDecider, events(userStream(peer.organizationId, peer.userId))),
        principal: fold(principalDecider, events(principalStreamId(peer.organizationId, peer.userId))),
      })
      if (!rendered || organization.status !== 'active') return []
      return [{
        // Organizations have no locked state of their own.
        organization: { id: peer.organizationId, name: organization.name, locked: false },
        user: { id: rendered.id, username: rendered.username, type: rendered.type },
      }]
    })
    return { body: { connections } }
  }),

  operation('InitiateUserConnection', async (request) => {
    const { deps, principal, input } = request
    const organizationId = principal.organizationId
    const userId = input.params.user_id
    const token = newSecretToken()
    const tokenId = deps.ids.newId()
    const outcome = await runWrite(request, {
      serializeOn: [connectionsStream(organizationId, userId)],
      resourceIdOf: () => tokenId,
      plan: async (ctx) => {
        const side = await loadSide(ctx, organizationId, userId)
        const writes = planInitiateConnection(side, { id: tokenId, sha256Hex: sha256Hex(token) }, ctx.now.toISOString())
        return isDomainError(writes) ? writes : { writes, result: token }
      },
    })
    // A replay cannot show the token again (it is kept only hashed): it answers an empty one.
    return respond(outcome, (shown: string) => ({ token: shown }), async () => ({ token: '' }))
  }),

  operation('JoinUserConnection', async (request) => {
    const { principal, input } = request
    const organizationId = principal.organizationId
    const userId = input.params.user_id
    const tokenHash = sha256Hex(input.body.token)
    const outcome = await runWrite(request, {
      serializeOn: [connectionsStream(organizationId, userId)],
      resourceIdOf: () => userId,
      status: 204,
      plan: async (ctx) => {
        const item = tokenItem(await ctx.readState(connectionTokenKey(tokenHash)))
        const [joiner, initiator] = await Promise.all([
          loadSide(ctx, organizationId, userId),
          item ? loadSide(ctx, item.organizationId, item.userId) : undefined,
        ])
        const writes = planJoinConnection(joiner, { sha256Hex: tokenHash, item }, initiator, ctx.now.toISOString())
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),

  operation('RemoveUserConnection', async (request) => {
    const { principal, input } = request
    const organizationId = principal.organizationId
    const userId = input.params.user_id
    const targetUserId = input.body.target_user_id
    const outcome = await runWrite(request, {
      serializeOn: [connectionsStream(organizationId, userId)],
      resourceIdOf: () => targetUserId,
      status: 204,
      plan: async (ctx) => {
        const side = await loadSide(ctx, organizationId, userId)
        const peer = connectedPeer(side, targetUserId)
        // The peer's stream is read so that its side is appended after the version the plan saw.
        if (peer) await ctx.load(connectionsDecider, connectionsStream(peer.organizationId, peer.userId))
        const writes = planRemoveConnection(side, targetUserId, ctx.now.toISOString())
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),
)
