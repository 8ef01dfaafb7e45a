// The projector runtime on DynamoDB Local: the version rule makes the arrival order irrelevant.
import { beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/core/events.js'
import { encodeToken } from '../../domain/core/consistency.js'
import { auditLog, AUDIT_LOG } from '../../projections/auditLog.js'
import { createProjector } from '../../functions/projector/projector.js'
import { createReadStore } from '../../functions/projector/readStore.js'
import { freshTables } from '../support/tables.js'
import {
  appendAll, dump, groupRenamed, groupStream, memberAdded, memberRemoved, memberships, ORG, streamEvents,
  thingCreated, thingDeleted, thingList, thingNoted, thingRenamed, thingStream,
} from './projector.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

describe('projector runtime', () => {
  let dynamo: Dyn
  const events = new Map<string, StoredEvent[]>()
  const [t1, t2, t3, g1] = [thingStream('t1'), thingStream('t2'), thingStream('t3'), groupStream('g1')]

  beforeAll(async () => {
    dynamo = await freshTables('projector')
    await appendAll(dynamo, [
      { streamId: t1, events: [thingCreated({ name: 'a' }), thingRenamed({ name: 'b' }), thingNoted({ note: 'n' }), thingRenamed({ name: 'c' }), thingRenamed({ name: 'd' })] },
      { streamId: t2, events: [thingCreated({ name: 'x' }), thingRenamed({ name: 'y' }), thingRenamed({ name: 'z' }), thingDeleted({})] },
      { streamId: t3, events: [thingCreated({ name: 'p' }), thingRenamed({ name: 'q' })] },
      {
        streamId: g1,
        events: [memberAdded({ userId: 'u1' }), memberAdded({ userId: 'u2' }), groupRenamed({ name: 'admins' }), memberRemoved({ userId: 'u1' }), memberAdded({ userId: 'u3' }), groupRenamed({ name: 'ops' })],
      },
    ])
    for (const id of [t1, t2, t3, g1]) events.set(id, await streamEvents(dynamo, id))
  })

  it('ends equal to a clean pass when fed a stream reversed, a record dropped and a batch twice', async () => {
    const messy = createProjector({ dynamo, projections: [thingList('thingsA'), memberships('membersA'), { ...auditLog, name: 'auditA' }] })
    const clean = createProjector({ dynamo, projections: [thingList('thingsB'), memberships('membersB'), { ...auditLog, name: 'auditB' }] })
    for (const id of [t1, t2, t3, g1]) for (const event of events.get(id)!) await clean.handle([event])

    for (const event of [...events.get(t1)!].reverse()) await messy.handle([event])
    await messy.handle(events.get(t2)!.filter((event) => event.version !== 2))
    const batch = [...events.get(t3)!, ...[...events.get(g1)!].reverse()]
    await messy.handle(batch)
    await messy.handle(batch)

    for (const [a, b] of [['thingsA', 'thingsB'], ['membersA', 'membersB'], ['auditA', 'auditB']] as const) {
      expect(await dump(dynamo, a, 1)).toEqual(await dump(dynamo, b, 1))
    }
    const things = await dump(dynamo, 'thingsA', 1)
    expect(things).toContainEqual(expect.objectContaining({ sk: 't1', name: 'd', trail: 'C1R2R4R5' }))
    expect(things).toContainEqual(expect.objectContaining({ sk: 'things', count: 2 }))
    expect(things.find((item) => item.sk === 't2')).toBeUndefined()
    expect(things).toContainEqual({ pk: `${t1}#wm`, sk: 'X', version: 5 })
    const members = await dump(dynamo, 'membersA', 1)
    expect(members).toContainEqual(expect.objectContaining({ sk: 'u1', groups: { g1: { version: 4, value: null } } }))
    expect(members).toContainEqual(expect.objectContaining({ sk: 'u3', groups: { g1: { version: 6, value: { name: 'ops' } } } }))
    expect((await dump(dynamo, 'auditA', 1)).filter((item) => !String(item.pk).endsWith('#wm'))).toHaveLength(17)
  })

  it('advances the watermark for events the projection ignores', async () => {
    const projector = createProjector({ dynamo, projections: [thingList('thingsC')] })
    const [created, , noted] = events.get(t1)!
    await projector.handle([created!])
    const token = encodeToken([[t1, 3]])
    expect(await projector.waitFor('thingsC', token, 0)).toBe(false)
    await projector.handle([noted!])
    expect(await projector.waitFor('thingsC', token, 0)).toBe(true)
  })

  it('waits for a token only on the streams the projection consumes', async () => {
    const projector = createProjector({ dynamo, projections: [thingList('thingsD')] })
    expect(await projector.waitFor('thingsD', encodeToken([[g1, 6]]), 0)).toBe(true)
    expect(await projector.waitFor('thingsD', encodeToken([[t3, 2]]), 50)).toBe(false)
    const waiting = projector.waitFor('thingsD', encodeToken([[t3, 2], [g1, 6]]), 10_000)
    await projector.handle(events.get(t3)!)
    expect(await waiting).toBe(true)
    expect(await projector.waitFor('thingsD', undefined)).toBe(true)
  })

  it('serves the audit log through the read store, in time order', async () => {
    const projector = createProjector({ dynamo, projections: [auditLog] })
    for (const id of [t1, t3]) await projector.handle(events.get(id)!)
    const read = createReadStore(dynamo, projector.pointer)
    const month = `log#${new Date(Date.now()).toISOString().slice(0, 7)}`
    const entries = await read.query(AUDIT_LOG, ORG, month)
    expect(entries.map((entry) => entry.model.eventId)).toEqual([...events.get(t1)!, ...events.get(t3)!].map((event) => event.meta.eventId).sort())
    const first = events.get(t1)![0]!
    const entry = entries.find((candidate) => candidate.model.eventId === first.meta.eventId)!
    const one = await read.get(AUDIT_LOG, entry.key)
    expect(one).toMatchObject({ eventId: first.meta.eventId, action: 'created', resourceType: 'test_thing', resourceId: 't1', userAgent: 'projector-test' })
    expect(await read.query(AUDIT_LOG, ORG, `log#1999-01`)).toEqual([])
  })
})
