import { describe, expect, it } from 'vitest'
import { fold } from '../decider.js'
import { signingKeyCreated } from './events.js'
import { currentKey, needsNewKey, publishedKeys, retiresAt, signingKeyDecider } from './keys.js'

const created = (kid: string, createdAt: string, maxTokenLifetimeSeconds = 3600) =>
  signingKeyCreated({ purpose: 'nscale-oidc', kid, algorithm: 'ES512', maxTokenLifetimeSeconds, createdAt })
const policy = { algorithm: 'ES512' as const, rotateAfterSeconds: 86_400 }

describe('signing keys', () => {
  it('needs a key when there is none, when the current one is due, or when the algorithm changes', () => {
    const empty = signingKeyDecider.initialState()
    expect(needsNewKey(empty, new Date('2026-01-01T00:00:00Z'), policy)).toBe(true)
    const one = fold(signingKeyDecider, [created('a', '2026-01-01T00:00:00.000Z')])
    expect(needsNewKey(one, new Date('2026-01-01T23:59:59Z'), policy)).toBe(false)
    expect(needsNewKey(one, new Date('2026-01-02T00:00:00Z'), policy)).toBe(true)
    expect(needsNewKey(one, new Date('2026-01-01T01:00:00Z'), { ...policy, algorithm: 'ES256' })).toBe(true)
  })

  it('keeps a superseded key published until its last token expires, current first', () => {
    const state = fold(signingKeyDecider, [created('a', '2026-01-01T00:00:00.000Z'), created('b', '2026-01-02T00:00:00.000Z')])
    expect(currentKey(state)?.kid).toBe('b')
    expect(retiresAt(state.keys[0]!)?.toISOString()).toBe('2026-01-02T01:00:00.000Z')
    expect(publishedKeys(state, new Date('2026-01-02T00:59:59Z')).map((key) => key.kid)).toEqual(['b', 'a'])
    expect(publishedKeys(state, new Date('2026-01-02T01:00:00Z')).map((key) => key.kid)).toEqual(['b'])
  })
})
