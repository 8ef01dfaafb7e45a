import { describe, expect, it } from 'vitest'
import {
  credentialDisabled,
  credentialExpired,
  credentialIssued,
  credentialRevoked,
  credentialRotated,
  credentialUpdated,
} from '../domain/core/credential/events.js'
import { credentialStreamId } from '../domain/core/credential/evolve.js'
import type { DomainEvent, StoredEvent } from '../domain/core/events.js'
import { isGlobalPk } from '../domain/core/globalItems.js'
import { modelKeyId, type Model, type ModelChange, type ModelKey, type ProjectionIO } from './contract.js'
import {
  credentialExpiry,
  expiredUpTo,
  expiryDayKey,
  expiryEntryKey,
  expiryShard,
  EXPIRY_SCOPE,
  EXPIRY_SHARDS,
} from './credentialExpiry.js'

const ORG = '0'.repeat(31) + '1'
const KEY = 'c'.repeat(32)
const USER = 'a'.repeat(32)
const JAN = '2026-01-10T12:00:00.000Z'
const FEB = '2026-02-01T00:00:00.000Z'

function stored(events: DomainEvent[]): StoredEvent[] {
  return events.map((event, index) => ({
    ...event,
    streamId: credentialStreamId(ORG, KEY),
    version: index + 1,
    schemaVersion: 1,
    meta: { eventId: `e${index}`, occurredAt: JAN, actor: { kind: 'user', id: USER }, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 't', surface: 'scaleway' },
  }))
}

const issued = (expiresAt?: string) =>
  credentialIssued({
    credentialId: KEY, organizationId: ORG, principalId: USER, principalKind: 'user', kind: 'scaleway_api_key',
    description: '', ...(expiresAt ? { expiresAt } : {}), attributes: {}, createdAt: '2026-01-01T00:00:00.000Z',
  })

/** The projector's ProjectionIO over a Map, enough for one projection's items. */
function memoryIO(): ProjectionIO & { items: Map<string, { key: ModelKey; model: Model }> } {
  const items = new Map<string, { key: ModelKey; model: Model }>()
  return {
    items,
    async get(key) {
      return items.get(modelKeyId(key))?.model
    },
    async getMany(keys) {
      return new Map(keys.map((key) => [modelKeyId(key), items.get(modelKeyId(key))?.model]))
    },
    async query(scope, partition) {
      return [...items.values()].filter(({ key }) => key.scope === scope && key.partition === partition)
    },
    async write(changes: readonly ModelChange[]) {
      return changes.map((change) => {
        const id = modelKeyId(change.key)
        if (change.kind === 'delete') items.delete(id)
        else if (change.kind === 'put') {
          if (change.ifAbsent && items.has(id)) return 'skipped'
          items.set(id, { key: change.key, model: change.model })
        }
        return 'applied'
      })
    },
    async modify(keys, change) {
      for (const key of keys) {
        const next = change(items.get(modelKeyId(key))?.model, key)
        if (next === null) items.delete(modelKeyId(key))
        else if (next !== undefined) items.set(modelKeyId(key), { key, model: next })
      }
    },
  }
}

async function project(events: DomainEvent[], io = memoryIO()) {
  for (const event of stored(events)) await credentialExpiry.apply(event, io)
  return io
}

function entries(io: ReturnType<typeof memoryIO>): ModelKey[] {
  return [...io.items.values()].map(({ key }) => key).filter((key) => key.scope === EXPIRY_SCOPE && !key.partition.startsWith('days#'))
}

describe('credential expiry index', () => {
  it('files a credential with an expiry under its day and shard, sorted by expiry, in the global ~expiry scope', async () => {
    const io = await project([issued(JAN)])
    const key = expiryEntryKey(ORG, KEY, JAN)
    expect(entries(io)).toEqual([key])
    expect(key).toEqual({ scope: '~expiry', partition: `2026-01-10#${expiryShard(KEY)}`, sort: `${JAN}#${ORG}#${KEY}` })
    expect(io.items.get(modelKeyId(key))?.model).toEqual({ organizationId: ORG, credentialId: KEY, kind: 'scaleway_api_key', expiresAt: JAN })
    expect(io.items.has(modelKeyId(expiryDayKey('2026-01-10', expiryShard(KEY))))).toBe(true)
    expect(isGlobalPk(`${key.scope}#credentialExpiry@1#${key.partition}`)).toBe(true)
  })

  it('indexes nothing for a credential without expiry', async () => {
    expect(entries(await project([issued()]))).toEqual([])
  })

  it('moves the entry when the expiry changes and removes it when the expiry is cleared', async () => {
    expect(entries(await project([issued(JAN), credentialUpdated({ credentialId: KEY, expiresAt: FEB })]))).toEqual([expiryEntryKey(ORG, KEY, FEB)])
    expect(entries(await project([issued(JAN), credentialUpdated({ credentialId: KEY, description: 'x' })]))).toEqual([expiryEntryKey(ORG, KEY, JAN)])
    expect(entries(await project([issued(JAN), credentialUpdated({ credentialId: KEY, expiresAt: null })]))).toEqual([])
    expect(entries(await project([issued(), credentialRotated({ credentialId: KEY, expiresAt: FEB })]))).toEqual([expiryEntryKey(ORG, KEY, FEB)])
  })

  it('removes a revoked or expired credential, keeps a disabled one, and files an expired one again when rotated', async () => {
    expect(entries(await project([issued(JAN), credentialRevoked({ credentialId: KEY })]))).toEqual([])
    expect(entries(await project([issued(JAN), credentialExpired({ credentialId: KEY })]))).toEqual([])
    expect(entries(await project([issued(JAN), credentialDisabled({ credentialId: KEY })]))).toEqual([expiryEntryKey(ORG, KEY, JAN)])
    const rotated = await project([issued(JAN), credentialExpired({ credentialId: KEY }), credentialRotated({ credentialId: KEY, expiresAt: FEB })])
    expect(entries(rotated)).toEqual([expiryEntryKey(ORG, KEY, FEB)])
  })

  it('ends the same when an event is applied again, before or after later ones', async () => {
    const events = stored([issued(JAN), credentialUpdated({ credentialId: KEY, expiresAt: FEB })])
    const io = memoryIO()
    for (const event of [events[0]!, events[0]!, events[1]!, events[1]!, events[0]!]) await credentialExpiry.apply(event, io)
    expect(entries(io)).toEqual([expiryEntryKey(ORG, KEY, FEB)])
  })

  it('spreads ids over every shard and spells expiry bounds so that they compare as instants', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, index) => expiryShard(index.toString(16).padStart(32, '0'))))
    expect(shards.size).toBe(EXPIRY_SHARDS)
    const bound = expiredUpTo(new Date(JAN))
    expect(expiryEntryKey(ORG, KEY, JAN).sort <= bound).toBe(true)
    expect(expiryEntryKey(ORG, KEY, '2026-01-10T12:00:00.001Z').sort <= bound).toBe(false)
  })
})
