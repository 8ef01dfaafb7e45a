// Folded aggregate states per stream, kept between the commands of one process. Never incorrect, because events
// are immutable: a state folded from versions 1..v stays the fold of 1..v. A later load reads only the tail after v,
// and the runner may even plan on a recently confirmed state without reading, because the conditional append (or a
// read before answering anything else) confirms that v was still the last version.
// States are deep-frozen, so that a decider that mutates what it loaded fails loudly instead of corrupting the cache.
import { fold, type Decider } from '../../domain/core/decider.js'
import type { StoredEvent } from '../../domain/core/events.js'

export interface Folded<S> {
  state: S
  version: number
}

interface Entry extends Folded<unknown> {
  /** When `version` was last known to be the stream's last version (a read or a write of ours), ms. */
  confirmedAt: number
}

export interface FoldCache {
  /** Reads the tail after the cached version (all of the stream when nothing is cached) and folds it on. */
  load<S>(decider: Decider<S, any>, streamId: string, readAfter: (version: number) => Promise<StoredEvent[]>): Promise<Folded<S>>
  /** The cached state when it was confirmed less than `maxAgeMs` ago; no read. */
  peek<S>(decider: Decider<S, any>, streamId: string, maxAgeMs: number): Folded<S> | undefined
  /** Folds events we just wrote onto a cached state that they directly follow. */
  advance(decider: Decider<any, any>, streamId: string, events: readonly StoredEvent[]): void
}

export function createFoldCache(maxEntries = 10_000): FoldCache {
  const deciderIds = new WeakMap<object, number>()
  let nextDeciderId = 0
  // Insertion order is recency order: a use deletes and sets again; the first entry is evicted first.
  const entries = new Map<string, Entry>()

  function keyOf(decider: Decider<any, any>, streamId: string): string {
    let id = deciderIds.get(decider)
    if (id === undefined) deciderIds.set(decider, (id = nextDeciderId++))
    return `${id}|${streamId}`
  }

  function remember(key: string, entry: Entry): void {
    const current = entries.get(key)
    entries.delete(key)
    // A concurrent load of the same stream may have cached a later version meanwhile: keep the later one.
    entries.set(key, current && current.version > entry.version ? current : entry)
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
  }

  return {
    async load<S>(decider: Decider<S, any>, streamId: string, readAfter: (version: number) => Promise<StoredEvent[]>) {
      const key = keyOf(decider, streamId)
      const cached = entries.get(key)
      const asked = Date.now()
      const tail = await readAfter(cached?.version ?? 0)
      const entry: Entry = tail.length === 0 && cached
        ? { ...cached, confirmedAt: asked }
        : {
            state: deepFreeze(fold(decider, tail, (cached?.state as S | undefined) ?? decider.initialState())),
            version: tail.at(-1)?.version ?? cached?.version ?? 0,
            confirmedAt: asked,
          }
      remember(key, entry)
      return { state: entry.state as S, version: entry.version }
    },

    peek<S>(decider: Decider<S, any>, streamId: string, maxAgeMs: number) {
      const entry = entries.get(keyOf(decider, streamId))
      if (!entry || Date.now() - entry.confirmedAt >= maxAgeMs) return undefined
      return { state: entry.state as S, version: entry.version }
    },

    advance(decider, streamId, events) {
      const key = keyOf(decider, streamId)
      const cached = entries.get(key)
      const first = events[0]
      if (!cached || !first || first.version !== cached.version + 1) return
      remember(key, {
        state: deepFreeze(fold(decider, events, cached.state)),
        version: events.at(-1)?.version ?? cached.version,
        confirmedAt: Date.now(),
      })
    },
  }
}

/** Freezes objects and arrays not yet frozen; shared, already frozen parts of an evolved state are not revisited. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  Object.freeze(value)
  for (const child of Object.values(value as object)) deepFreeze(child)
  return value
}
