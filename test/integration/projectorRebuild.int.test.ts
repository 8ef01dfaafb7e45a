// Rebuild and repair: a rebuilt projection equals the live one, even with appends while it rebuilds, and repair
// closes the holes a lost record leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeTokens } from '../../domain/core/consistency.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { startLocalPoller, type LocalPoller } from '../../functions/projector/poller.js'
import { rebuild, repair, type ProjectionProgress } from '../../functions/projector/rebuild.js'
import { freshTables } from '../support/tables.js'
import {
  appendAll, dump, groupRenamed, groupStream, memberAdded, memberRemoved, memberships, streamEvents,
  thingCreated, thingDeleted, thingList, thingRenamed, thingStream,
} from './projector.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

const things = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => ({
    streamId: thingStream(`r${from + index}`),
    events: [thingCreated({ name: 'a' }), thingRenamed({ name: 'b' }), ...(index % 3 === 0 ? [thingDeleted({})] : [])],
  }))

describe('rebuild', () => {
  let dynamo: Dyn
  let projector: Projector
  let poller: LocalPoller
  let token: string

  beforeAll(async () => {
    dynamo = await freshTables('rebuild')
    projector = createProjector({ dynamo, projections: [thingList('things'), thingList('thingsLive'), memberships('members')] })
    poller = await startLocalPoller({ dynamo, projector })
    token = await appendAll(dynamo, [
      ...things(0, 6),
      { streamId: groupStream('g1'), events: [memberAdded({ userId: 'u1' }), memberAdded({ userId: 'u2' }), groupRenamed({ name: 'x' }), memberRemoved({ userId: 'u2' })] },
    ])
    for (const name of ['things', 'thingsLive', 'members']) expect(await projector.waitFor(name, token, 30_000)).toBe(true)
  })

  afterAll(async () => {
    await poller?.stop()
  })

  it('fills a new version that equals the live projection, with appends while it runs, then drops the old one', async () => {
    const progress: ProjectionProgress[] = []
    const appending = appendAll(dynamo, things(6, 10))
    const result = await rebuild(projector, 'things', { onProgress: (p) => void progress.push(p) })
    token = mergeTokens(token, await appending)

    expect(result).toMatchObject({ projection: 'things', from: 1, to: 2 })
    expect(await projector.pointer.current('things', { fresh: true })).toBe(2)
    for (const name of ['things', 'thingsLive']) expect(await projector.waitFor(name, token, 30_000)).toBe(true)
    expect(await dump(dynamo, 'things', 2)).toEqual(await dump(dynamo, 'thingsLive', 1))
    expect(await dump(dynamo, 'things', 1)).toEqual([])
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['scan', 'catch-up', 'switch', 'cleanup']))
  })

  it('rebuilds a custom (fan-out) projection to the same items', async () => {
    const live = await dump(dynamo, 'members', 1)
    expect(live.length).toBeGreaterThan(0)
    await rebuild(projector, 'members')
    expect(await dump(dynamo, 'members', 2)).toEqual(live)
  })
})

describe('repair', () => {
  it('folds what lost records left out, up to each stream’s last event', async () => {
    const dynamo = await freshTables('repair')
    const token = await appendAll(dynamo, things(0, 4))
    const events = new Map<string, StoredEvent[]>()
    for (const { streamId } of things(0, 4)) events.set(streamId, await streamEvents(dynamo, streamId))
    const lossy = createProjector({ dynamo, projections: [thingList('things')] })
    const clean = createProjector({ dynamo, projections: [thingList('thingsClean')] })
    for (const list of events.values()) {
      await clean.handle(list)
      await lossy.handle(list.slice(0, 1))
    }
    expect(await lossy.waitFor('things', token, 0)).toBe(false)

    const result = await repair(lossy, 'things')

    expect(result).toMatchObject({ projection: 'things', version: 1, streams: 4, repaired: 4 })
    expect(await lossy.waitFor('things', token, 0)).toBe(true)
    expect(await dump(dynamo, 'things', 1)).toEqual(await dump(dynamo, 'thingsClean', 1))
    expect(await repair(lossy, 'things')).toMatchObject({ repaired: 0 })
  })
})
