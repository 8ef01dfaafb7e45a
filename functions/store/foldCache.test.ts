import { describe, expect, it } from 'vitest'
import type { Decider } from '../../domain/core/decider.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { createFoldCache } from './foldCache.js'

const list: Decider<{ items: string[] }, StoredEvent> = {
  aggregateType: 'list',
  initialState: () => ({ items: [] }),
  evolve: (state, event) => ({ items: [...state.items, String(event.data)] }),
}
const event = (version: number): StoredEvent =>
  ({ streamId: 's', version, type: 'T', schemaVersion: 1, data: `e${version}`, meta: {} as StoredEvent['meta'] })

function log(count: number) {
  const reads: number[] = []
  const events = Array.from({ length: count }, (_, i) => event(i + 1))
  return { reads, events, readAfter: async (after: number) => (reads.push(after), events.filter((e) => e.version > after)) }
}

describe('fold cache', () => {
  it('reads only the tail after the version it holds and folds it on', async () => {
    const cache = createFoldCache()
    const stream = log(2)
    expect(await cache.load(list, 's', stream.readAfter)).toEqual({ state: { items: ['e1', 'e2'] }, version: 2 })
    stream.events.push(event(3))
    expect(await cache.load(list, 's', stream.readAfter)).toEqual({ state: { items: ['e1', 'e2', 'e3'] }, version: 3 })
    expect(stream.reads).toEqual([0, 2])
  })
  it('hands out frozen states, so a decider that mutates one fails loudly', async () => {
    const { state } = await createFoldCache().load(list, 's', log(1).readAfter)
    expect(() => state.items.push('x')).toThrow(TypeError)
  })
  it('evicts the least recently used stream past its size', async () => {
    const cache = createFoldCache(1)
    const a = log(1)
    await cache.load(list, 'a', a.readAfter)
    await cache.load(list, 'b', log(1).readAfter)
    await cache.load(list, 'a', a.readAfter)
    expect(a.reads).toEqual([0, 0])
  })
  it('keeps states of different deciders on one stream apart', async () => {
    const cache = createFoldCache()
    const count: Decider<number, StoredEvent> = { aggregateType: 'list', initialState: () => 0, evolve: (n) => n + 1 }
    const stream = log(3)
    await cache.load(list, 's', stream.readAfter)
    expect(await cache.load(count, 's', stream.readAfter)).toEqual({ state: 3, version: 3 })
  })
})
