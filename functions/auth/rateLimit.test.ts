import { describe, expect, it } from 'vitest'
import { isGlobalPk } from '../../domain/core/globalItems.js'
import { rateLimitKeys, windowOf } from './rateLimit.js'

describe('authentication failure windows and keys', () => {
  it('puts every instant of a minute in the same fixed window', () => {
    expect(windowOf(new Date('2026-05-01T10:00:00.000Z'))).toEqual(windowOf(new Date('2026-05-01T10:00:59.999Z')))
    const { start, end } = windowOf(new Date('2026-05-01T10:00:30.000Z'))
    expect(end - start).toBe(60)
    expect(start).toBe(Date.parse('2026-05-01T10:00:00.000Z') / 1000)
    expect(windowOf(new Date('2026-05-01T10:01:00.000Z')).start).toBe(end)
  })

  it('counts per source and per credential hash, under the ~ratelimit global scope', () => {
    const keys = rateLimitKeys({ sourceIp: '203.0.113.7', credentialHash: 'ab'.repeat(32) }, 60)
    expect(keys).toEqual([
      { pk: '~ratelimit#ip#203.0.113.7', sk: 'window#60' },
      { pk: `~ratelimit#key#${'ab'.repeat(32)}`, sk: 'window#60' },
    ])
    expect(keys.every((key) => isGlobalPk(key.pk))).toBe(true)
    expect(rateLimitKeys({ sourceIp: '' }, 0)).toEqual([{ pk: '~ratelimit#ip#unknown', sk: 'window#0' }])
  })
})
