import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { setQuotas } from './decide.js'
import { NscaleQuotasSet } from './events.js'
import { quotaDecider, quotaLimits } from './evolve.js'
import { parseQuotaKinds, QUOTA_KINDS } from './kinds.js'
import {
  allocationUsageExtras, isQuotaChanged, mergeCounters, quotaReads, quotaSetExtras, quotaVersionKey, usageCounterKey, usageFromCounters,
} from './usage.js'

const ORG = 'a'.repeat(32)
const AT = '2026-01-01T00:00:00Z'

describe('quota kinds', () => {
  it('come from the configuration file with the chart defaults, sorted by kind', () => {
    expect(QUOTA_KINDS.map((k) => [k.kind, k.default])).toEqual([['clusters', 5], ['gpus', 40], ['servers', 10]])
    expect(QUOTA_KINDS.every((k) => k.displayName && k.description)).toBe(true)
  })

  it('refuse an invalid configuration', () => {
    expect(() => parseQuotaKinds({ kinds: [{ kind: 'x', displayName: 'X', description: '', default: -1 }] })).toThrow()
    const twice = { kind: 'x', displayName: 'X', description: '', default: 1 }
    expect(() => parseQuotaKinds({ kinds: [twice, twice] })).toThrow()
  })
})

describe('setting quotas', () => {
  const set = (quotas: Array<{ kind: string; quantity: number }>, state = fold(quotaDecider, [])) => setQuotas(state, { quotas, at: AT, by: 'admin' })

  it('replaces the stored list, sorted, and falls back to defaults for omitted kinds', () => {
    const events = set([{ kind: 'servers', quantity: 3 }, { kind: 'gpus', quantity: 8 }])
    expect(events).toEqual([NscaleQuotasSet({ quotas: [{ kind: 'gpus', quantity: 8 }, { kind: 'servers', quantity: 3 }], at: AT, by: 'admin' })])
    const state = fold(quotaDecider, events as never)
    expect([...quotaLimits(state)]).toEqual([['clusters', 5], ['gpus', 8], ['servers', 3]])
    expect([...quotaLimits(fold(quotaDecider, []))]).toEqual([['clusters', 5], ['gpus', 40], ['servers', 10]])
  })

  it('changes nothing when the list is the same', () => {
    const state = fold(quotaDecider, set([{ kind: 'gpus', quantity: 8 }]) as never)
    expect(set([{ kind: 'gpus', quantity: 8 }], state)).toEqual([])
  })

  it('refuses unknown kinds, duplicates and negative quantities', () => {
    expect(set([{ kind: 'tpus', quantity: 1 }])).toMatchObject({ kind: 'invalid_argument', argument: 'quotas' })
    expect(set([{ kind: 'gpus', quantity: 1 }, { kind: 'gpus', quantity: 2 }])).toMatchObject({ kind: 'invalid_argument' })
    expect(set([{ kind: 'gpus', quantity: -1 }])).toMatchObject({ kind: 'invalid_argument' })
  })
})

describe('usage counters', () => {
  const limits = new Map([['gpus', 10]])

  it('count a new allocation against the quota read, with the quota version reserved', () => {
    const extras = allocationUsageExtras(ORG, [], [{ kind: 'gpus', committed: 2, reserved: 1 }, { kind: 'disks', committed: 1, reserved: 0 }], limits, 3)
    expect(extras).toEqual([
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'disks'), delta: 1 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'disks'), delta: 1 },
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: 3, limit: 10, onLimit: expect.objectContaining({ kind: 'quota_exceeded', resource: 'gpus' }) },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: 2 },
      { kind: 'counter', key: usageCounterKey(ORG, 'reserved', 'gpus'), delta: 1 },
      { kind: 'reserve', key: quotaVersionKey(ORG), owner: 'v3', onTaken: expect.anything() },
    ])
    const reserve = extras.at(-1) as unknown as { onTaken: never }
    expect(isQuotaChanged(reserve.onTaken)).toBe(true)
  })

  it('free capacity without a limit or a version check, and write nothing for an unchanged kind', () => {
    expect(allocationUsageExtras(ORG, [{ kind: 'gpus', committed: 2, reserved: 1 }], [], limits, 0)).toEqual([
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -3 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: -2 },
      { kind: 'counter', key: usageCounterKey(ORG, 'reserved', 'gpus'), delta: -1 },
    ])
    expect(allocationUsageExtras(ORG, [{ kind: 'gpus', committed: 2, reserved: 1 }], [{ kind: 'gpus', committed: 2, reserved: 1 }], limits, 0)).toEqual([])
  })

  it('condition every limited counter on a new quota and move the version', () => {
    expect(quotaSetExtras(ORG, new Map([['gpus', 4]]), 2)).toEqual([
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: 0, limit: 4, onLimit: expect.objectContaining({ kind: 'quota_exceeded' }) },
      { kind: 'put', key: quotaVersionKey(ORG), attributes: { owner: 'v2' } },
    ])
  })

  it('render every configured kind with used = committed + reserved and free = quantity - used', () => {
    const usage = usageFromCounters([
      { pk: 'x', sk: 'committed#gpus', n: 3 }, { pk: 'x', sk: 'reserved#gpus', n: 2 }, { pk: 'x', sk: 'used#gpus', n: 5 }, { pk: 'x', sk: 'version', owner: 'v1' },
    ])
    const reads = quotaReads(new Map([['clusters', 5], ['gpus', 4], ['servers', 10]]), usage)
    expect(reads.map((q) => q.kind)).toEqual(['clusters', 'gpus', 'servers'])
    expect(reads[1]).toEqual({ kind: 'gpus', quantity: 4, used: 5, free: -1, committed: 3, reserved: 2, displayName: 'GPUs', description: expect.any(String), default: 40 })
    expect(reads[0]).toMatchObject({ used: 0, free: 5, committed: 0, reserved: 0 })
  })
})

describe('merging counters', () => {
  it('adds the deltas of one counter, drops those that cancel out, and keeps other extras', () => {
    const release = { kind: 'release' as const, key: { pk: 'p', sk: 'o' }, owner: 'x' }
    const merged = mergeCounters([
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -3 },
      release,
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -4 },
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'servers'), delta: 2 },
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'servers'), delta: -2 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: -1 },
    ])
    expect(merged).toEqual([
      release,
      { kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: -7 },
      { kind: 'counter', key: usageCounterKey(ORG, 'committed', 'gpus'), delta: -1 },
    ])
  })

  it('refuses to merge a limited counter', () => {
    expect(() => mergeCounters([{ kind: 'counter', key: usageCounterKey(ORG, 'used', 'gpus'), delta: 1, limit: 3 }])).toThrow()
  })
})
