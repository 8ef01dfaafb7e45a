import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { isDomainError, type DomainError } from '../../core/errors.js'
import type { PlannedWrites } from '../plan.js'
import {
  CONNECTION_TOKEN_TTL_SECONDS, connectionTokenKey, MAX_CONNECTIONS, planInitiateConnection, planJoinConnection, planRemoveConnection,
  type ConnectionTokenItem, type UserSide,
} from './decide.js'
import type { ConnectionEvent } from './events.js'
import { connectionsDecider, connectionsStream, type ConnectionsState } from './evolve.js'

const orgA = 'a'.repeat(32)
const orgB = 'b'.repeat(32)
const alice = '1'.repeat(32)
const bob = '2'.repeat(32)
const at = '2026-11-25T00:00:00.000Z'
const later = (seconds: number) => new Date(Date.parse(at) + seconds * 1000).toISOString()
const hash = 'f'.repeat(64)

function ok(planned: PlannedWrites | DomainError): PlannedWrites {
  if (isDomainError(planned)) throw new Error(JSON.stringify(planned))
  return planned
}
const after = (side: UserSide, planned: PlannedWrites): UserSide => ({
  ...side,
  connections: fold(connectionsDecider, (planned.appends.find((a) => a.streamId === connectionsStream(side.organizationId, side.userId))?.events ?? []) as ConnectionEvent[], side.connections),
})
const side = (organizationId: string, userId: string, connections: ConnectionsState = { peers: [] }): UserSide => ({ organizationId, userId, live: true, connections })

/** Alice (organization A) initiates: her side after, and the token item the hash points at. */
function initiated(tokenId = 't1', when = at): { alice: UserSide; item: ConnectionTokenItem } {
  const planned = ok(planInitiateConnection(side(orgA, alice), { id: tokenId, sha256Hex: hash }, when))
  const put = planned.extras[0]
  if (put?.kind !== 'put') throw new Error('no token item')
  return { alice: after(side(orgA, alice), planned), item: put.attributes as unknown as ConnectionTokenItem }
}

describe('user connections', () => {
  it('initiates with a token item holding ids only, never the token or its hash in events', () => {
    const planned = ok(planInitiateConnection(side(orgA, alice), { id: 't1', sha256Hex: hash }, at))
    expect(planned.extras).toEqual([{
      kind: 'put', key: connectionTokenKey(hash), ttlSeconds: CONNECTION_TOKEN_TTL_SECONDS,
      attributes: { organizationId: orgA, userId: alice, tokenId: 't1', expiresAt: later(CONNECTION_TOKEN_TTL_SECONDS) },
    }])
    expect(connectionTokenKey(hash).pk).toBe(`~conntoken#${hash}`)
    expect(JSON.stringify(planned.appends)).not.toContain(hash)
  })

  it('joins once: both sides list each other and the token item is deleted', () => {
    const { alice: a, item } = initiated()
    const planned = ok(planJoinConnection(side(orgB, bob), { sha256Hex: hash, item }, a, later(60)))
    expect(planned.extras).toEqual([{ kind: 'delete', key: connectionTokenKey(hash) }])
    const a2 = after(a, planned)
    const b2 = after(side(orgB, bob), planned)
    expect(a2.connections).toEqual({ peers: [{ organizationId: orgB, userId: bob, connectedAt: later(60) }] })
    expect(b2.connections).toEqual({ peers: [{ organizationId: orgA, userId: alice, connectedAt: later(60) }] })
    // Used: the same token again is refused (the initiator no longer holds it as pending).
    expect(planJoinConnection(side(orgB, '3'.repeat(32)), { sha256Hex: hash, item }, a2, later(61))).toMatchObject({ kind: 'invalid_argument', argument: 'token' })
  })

  it('refuses unknown, expired and superseded tokens alike, and a gone initiator', () => {
    const { alice: a, item } = initiated()
    const refused = { kind: 'invalid_argument', argument: 'token' }
    expect(planJoinConnection(side(orgB, bob), { sha256Hex: hash, item: undefined }, undefined, at)).toMatchObject(refused)
    expect(planJoinConnection(side(orgB, bob), { sha256Hex: hash, item }, a, later(CONNECTION_TOKEN_TTL_SECONDS))).toMatchObject(refused)
    const superseded = after(a, ok(planInitiateConnection(a, { id: 't2', sha256Hex: 'e'.repeat(64) }, later(10))))
    expect(planJoinConnection(side(orgB, bob), { sha256Hex: hash, item }, superseded, later(20))).toMatchObject(refused)
    expect(planJoinConnection(side(orgB, bob), { sha256Hex: hash, item }, { ...a, live: false }, later(20))).toMatchObject(refused)
  })

  it('needs a live joining user of another organization, once per organization', () => {
    const { alice: a, item } = initiated()
    expect(planJoinConnection({ ...side(orgB, bob), live: false }, { sha256Hex: hash, item }, a, at)).toMatchObject({ kind: 'not_found', resource: 'user' })
    expect(planJoinConnection(side(orgA, bob), { sha256Hex: hash, item }, a, at)).toMatchObject({ kind: 'precondition_failed', precondition: 'connection_same_organization' })
    const bobConnected = side(orgB, bob, { peers: [{ organizationId: orgA, userId: '9'.repeat(32), connectedAt: at }] })
    expect(planJoinConnection(bobConnected, { sha256Hex: hash, item }, a, at)).toMatchObject({ kind: 'already_exists', resource: 'connection' })
    const full = side(orgB, bob, { peers: Array.from({ length: MAX_CONNECTIONS }, (_, i) => ({ organizationId: String(i).padStart(32, 'c'), userId: String(i), connectedAt: at })) })
    expect(planJoinConnection(full, { sha256Hex: hash, item }, a, at)).toMatchObject({ kind: 'precondition_failed', precondition: 'connections_limit' })
  })

  it('removes a connection from either side, on both streams', () => {
    const { alice: a, item } = initiated()
    const joined = ok(planJoinConnection(side(orgB, bob), { sha256Hex: hash, item }, a, at))
    const [a2, b2] = [after(a, joined), after(side(orgB, bob), joined)]
    const removed = ok(planRemoveConnection(b2, alice, later(5)))
    expect(removed.appends.map((append) => append.streamId)).toEqual([connectionsStream(orgB, bob), connectionsStream(orgA, alice)])
    expect(after(a2, removed).connections.peers).toEqual([])
    expect(after(b2, removed).connections.peers).toEqual([])
    expect(planRemoveConnection(after(b2, removed), alice, later(6))).toMatchObject({ kind: 'not_found', resource: 'connection' })
    expect(planRemoveConnection({ ...a2, live: false }, bob, later(6))).toMatchObject({ kind: 'not_found', resource: 'user' })
  })
})
