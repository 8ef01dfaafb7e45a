import { describe, expect, it } from 'vitest'
import { createStreamLocks } from './streamLocks.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('stream locks', () => {
  it('runs bodies on one key one after the other, in arrival order', async () => {
    const locks = createStreamLocks()
    const log: string[] = []
    const job = (name: string) => locks.withLocks(['s'], async () => {
      log.push(`${name}:start`)
      await tick()
      log.push(`${name}:end`)
    })
    await Promise.all([job('a'), job('b'), job('c')])
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end'])
  })
  it('lets different keys run side by side and never deadlocks on overlapping sets', async () => {
    const locks = createStreamLocks()
    let running = 0
    let most = 0
    const job = (keys: string[]) => locks.withLocks(keys, async () => {
      most = Math.max(most, ++running)
      await tick()
      running--
    })
    await Promise.all([job(['x']), job(['y']), job(['x', 'y']), job(['y', 'x'])])
    expect(most).toBe(2)
  })
  it('releases a key when the body throws', async () => {
    const locks = createStreamLocks()
    await expect(locks.withLocks(['s'], async () => { throw new Error('boom') })).rejects.toThrow('boom')
    await expect(locks.withLocks(['s'], async () => 'next')).resolves.toBe('next')
  })
})
