// Test projections and helpers shared by the projector integration tests: a pure list with a shared counter
// (order-sensitive through `trail`), and a custom fan-out projection with an auxiliary item (like effective grants).
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import { defineEvent, parseStreamId, streamId, type DomainEvent, type StoredEvent } from '../../domain/core/events.js'
import { systemClock, ulidIds } from '../../domain/core/ids.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { encodeToken } from '../../domain/core/consistency.js'
import { modelKeyId, type CustomProjection, type Model, type ModelKey, type PureProjection } from '../../projections/contract.js'
import type { Dynamo } from '../../functions/store/dynamo.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { readEvents } from '../../functions/projector/storedEvents.js'

export const ORG = '0190f2a5c3e87d1a9b2c3d4e5f6071a0'
export const THING = 'test-thing'
export const GROUP = 'test-group'

export const thingCreated = defineEvent('TestThingCreated', z.object({ name: z.string() }))
export const thingRenamed = defineEvent('TestThingRenamed', z.object({ name: z.string() }))
export const thingNoted = defineEvent('TestThingNoted', z.object({ note: z.string() }))
export const thingDeleted = defineEvent('TestThingDeleted', z.object({}))
export const memberAdded = defineEvent('TestGroupMemberAdded', z.object({ userId: z.string() }))
export const memberRemoved = defineEvent('TestGroupMemberRemoved', z.object({ userId: z.string() }))
export const groupRenamed = defineEvent('TestGroupRenamed', z.object({ name: z.string() }))

export const meta: RequestMeta = {
  actor: { kind: 'user', id: '0190f2a5c3e87d1a9b2c3d4e5f6071a1' },
  requestId: 'req',
  sourceIp: '192.0.2.1',
  userAgent: 'projector-test',
  surface: 'scaleway',
}

export const thingStream = (id: string) => streamId(ORG, THING, id)
export const groupStream = (id: string) => streamId(ORG, GROUP, id)

const counterKey: ModelKey = { scope: ORG, partition: 'count', sort: 'things' }
const thingKey = (event: StoredEvent): ModelKey => ({ scope: ORG, partition: 'thing', sort: parseStreamId(event.streamId).aggregateId })

/** Things by id plus a counter shared by every thing stream; `trail` records the order events were applied in. */
export function thingList(name: string): PureProjection {
  return {
    kind: 'pure',
    name,
    aggregateTypes: [THING],
    keys(event) {
      if (event.type === thingNoted.type) return []
      return event.type === thingRenamed.type ? [thingKey(event)] : [thingKey(event), counterKey]
    },
    evolve(current, event) {
      const id = modelKeyId(thingKey(event))
      const thing = current.get(id)
      const count = (current.get(modelKeyId(counterKey))?.count as number | undefined) ?? 0
      const data = event.data as { name?: string }
      switch (event.type) {
        case thingCreated.type:
          return new Map<string, Model | null>([[id, { name: data.name, trail: `C${event.version}` }], [modelKeyId(counterKey), { count: count + 1 }]])
        case thingRenamed.type:
          return new Map([[id, { ...thing, name: data.name, trail: `${thing?.trail}R${event.version}` }]])
        case thingDeleted.type:
          return new Map<string, Model | null>([[id, null], [modelKeyId(counterKey), { count: count - 1 }]])
        default:
          return new Map()
      }
    },
  }
}

/**
 * Each member's item holds a versioned entry per group (set with no read, fan-out on rename); the group's
 * auxiliary item holds its name and members.
 */
export function memberships(name: string): CustomProjection {
  const memberKey = (userId: string): ModelKey => ({ scope: ORG, partition: 'member', sort: userId })
  return {
    kind: 'custom',
    name,
    aggregateTypes: [GROUP],
    async apply(event, io) {
      const groupId = parseStreamId(event.streamId).aggregateId
      const auxKey: ModelKey = { scope: ORG, partition: 'group', sort: groupId }
      const data = event.data as { userId?: string; name?: string }
      let group: { name: string; members: string[] } = { name: '', members: [] }
      await io.modify([auxKey], (current) => {
        const before = (current ?? { name: '', members: [], version: 0 }) as { name: string; members: string[]; version: number }
        if (before.version >= event.version) {
          group = before
          return undefined
        }
        const members = new Set(before.members)
        if (event.type === memberAdded.type) members.add(data.userId as string)
        if (event.type === memberRemoved.type) members.delete(data.userId as string)
        group = { name: event.type === groupRenamed.type ? (data.name as string) : before.name, members: [...members].sort() }
        return { ...group, version: event.version }
      })
      const entry = { name: group.name }
      if (event.type === memberAdded.type) {
        await io.write([{ kind: 'setEntry', key: memberKey(data.userId as string), map: 'groups', entry: groupId, value: entry, version: event.version }])
      } else if (event.type === memberRemoved.type) {
        await io.write([{ kind: 'setEntry', key: memberKey(data.userId as string), map: 'groups', entry: groupId, value: null, version: event.version }])
      } else if (event.type === groupRenamed.type) {
        await io.write(group.members.map((userId) => ({ kind: 'setEntry' as const, key: memberKey(userId), map: 'groups', entry: groupId, value: entry, version: event.version })))
      }
    },
  }
}

export function eventStoreOf(dynamo: Dynamo) {
  return createEventStore(dynamo, { clock: systemClock, ids: ulidIds })
}

/** Appends each stream's events (one append per stream) and returns the consistency token of all of them. */
export async function appendAll(dynamo: Dynamo, writes: Array<{ streamId: string; events: DomainEvent[] }>): Promise<string> {
  const store = eventStoreOf(dynamo)
  const positions: Array<[string, number]> = []
  for (const write of writes) {
    const existing = await store.readStream(write.streamId)
    const outcome = await store.append([{ streamId: write.streamId, expectedVersion: existing.length, events: write.events }], [], meta)
    if (!('positions' in outcome)) throw new Error(`append failed: ${JSON.stringify(outcome)}`)
    positions.push(...outcome.positions)
  }
  return encodeToken(positions)
}

export async function streamEvents(dynamo: Dynamo, id: string): Promise<StoredEvent[]> {
  return readEvents(dynamo, id, 0)
}

/**
 * Every item of one projection version (models and watermarks), with the projection name and version replaced
 * and revisions dropped, so that two versions or two projections can be compared.
 */
export async function dump(dynamo: Dynamo, name: string, version: number): Promise<Array<Record<string, unknown>>> {
  const tag = `${name}@${version}`
  const items: Array<Record<string, unknown>> = []
  let start: Record<string, unknown> | undefined
  do {
    const out = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tables.read, ExclusiveStartKey: start, ConsistentRead: true }))
    for (const item of out.Items ?? []) {
      const { _rev, pk, sk, ...rest } = item as Record<string, string>
      if (pk!.split('#')[1] === tag) items.push({ pk: pk!.replace(`#${tag}#`, '#X#'), sk, ...rest })
      else if (sk === tag) items.push({ pk, sk: 'X', ...rest })
    }
    start = out.LastEvaluatedKey
  } while (start)
  return items.sort((a, b) => (`${a.pk}|${a.sk}` < `${b.pk}|${b.sk}` ? -1 : 1))
}
