// In-process serialization of commands per stream (DESIGN §4): commands on one stream queue behind each other, so
// that within one process they never race; only other processes (containers) can make a command lose a race.
export interface StreamLocks {
  /** Runs `body` once every key is held; keys are taken in sorted order, so overlapping sets never deadlock. */
  withLocks<T>(keys: readonly string[], body: () => Promise<T>): Promise<T>
}

export function createStreamLocks(): StreamLocks {
  const tails = new Map<string, Promise<void>>()

  async function acquire(key: string): Promise<() => void> {
    const previous = tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const tail = previous.then(() => mine)
    tails.set(key, tail)
    await previous
    return () => {
      release()
      if (tails.get(key) === tail) tails.delete(key)
    }
  }

  return {
    async withLocks(keys, body) {
      const releases: Array<() => void> = []
      try {
        for (const key of [...new Set(keys)].sort()) releases.push(await acquire(key))
        return await body()
      } finally {
        for (const release of releases.reverse()) release()
      }
    },
  }
}

/** The process-wide locks every runner shares unless given its own (tests emulate several processes that way). */
export const processStreamLocks: StreamLocks = createStreamLocks()
