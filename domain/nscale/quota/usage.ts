// Quota usage as counter items of the state table (spec §7, §10), written in the same request as the allocation
// or quota event that changes them, so that concurrent allocations never exceed a quota:
//   <org>#nscale-quota  used#<kind>        n = committed + reserved over every allocation of the organization
//   <org>#nscale-quota  committed#<kind>   n
//   <org>#nscale-quota  reserved#<kind>    n
//   <org>#nscale-quota  version            owner = `v<version of the quota stream>`
// An allocation that raises `used` conditions its counter on the quantity it read, and reserves the version item
// with that version: a quota PUT that committed in between rewrote the item, so the allocation fails with
// `QUOTA_CHANGED` and is decided again. A quota PUT conditions every counter on its new quantity.
import { conflict, quotaExceeded, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { QUOTA_KINDS, type QuotaKind } from './kinds.js'

export type UsageMeasure = 'used' | 'committed' | 'reserved'

export interface ResourceAllocation {
  kind: string
  committed: number
  reserved: number
}

export interface Usage {
  committed: number
  reserved: number
}

export function quotaPartition(organizationId: string): string {
  return `${organizationId}#nscale-quota`
}

export function usageCounterKey(organizationId: string, measure: UsageMeasure, kind: string): StateKey {
  return { pk: quotaPartition(organizationId), sk: `${measure}#${kind}` }
}

export function quotaVersionKey(organizationId: string): StateKey {
  return { pk: quotaPartition(organizationId), sk: 'version' }
}

/** The error of an allocation decided on a quota that changed before it was written: decide it again. */
export function quotaChanged(organizationId: string): DomainError {
  return conflict('nscale_quota', organizationId, 'changed', 'the quota changed while the allocation was decided; retry')
}

export function isQuotaChanged(error: DomainError): boolean {
  return error.kind === 'conflict' && error.resource === 'nscale_quota' && error.state === 'changed'
}

/** The over-quota refusal (answered 400 `invalid_request` "allocation exceeded quota"). */
export function allocationExceededQuota(organizationId: string, kind: string, quantity: number, used: number): DomainError {
  return quotaExceeded(kind, quantity, used, organizationId)
}

/** Sums per kind (entries of one kind add up). */
export function totals(allocations: readonly ResourceAllocation[]): Map<string, Usage> {
  const sums = new Map<string, Usage>()
  for (const { kind, committed, reserved } of allocations) {
    const sum = sums.get(kind) ?? { committed: 0, reserved: 0 }
    sums.set(kind, { committed: sum.committed + committed, reserved: sum.reserved + reserved })
  }
  return sums
}

/**
 * The counter writes of an allocation going from `before` to `after` (empty lists for create and delete).
 * `limits` are the quantities read at `quotaVersion`; kinds without a limit are counted but unbounded.
 */
export function allocationUsageExtras(
  organizationId: string,
  before: readonly ResourceAllocation[],
  after: readonly ResourceAllocation[],
  limits: ReadonlyMap<string, number>,
  quotaVersion: number,
): Extra[] {
  const old = totals(before)
  const next = totals(after)
  const kinds = [...new Set([...old.keys(), ...next.keys()])].sort()
  const extras: Extra[] = []
  let limited = false
  for (const kind of kinds) {
    const was = old.get(kind) ?? { committed: 0, reserved: 0 }
    const now = next.get(kind) ?? { committed: 0, reserved: 0 }
    const committed = now.committed - was.committed
    const reserved = now.reserved - was.reserved
    const used = committed + reserved
    const limit = limits.get(kind)
    if (used !== 0) {
      if (used > 0 && limit !== undefined) {
        limited = true
        extras.push({
          kind: 'counter', key: usageCounterKey(organizationId, 'used', kind), delta: used, limit,
          onLimit: allocationExceededQuota(organizationId, kind, limit, limit),
        })
      } else {
        extras.push({ kind: 'counter', key: usageCounterKey(organizationId, 'used', kind), delta: used })
      }
    }
    if (committed !== 0) extras.push({ kind: 'counter', key: usageCounterKey(organizationId, 'committed', kind), delta: committed })
    if (reserved !== 0) extras.push({ kind: 'counter', key: usageCounterKey(organizationId, 'reserved', kind), delta: reserved })
  }
  if (limited) {
    extras.push({ kind: 'reserve', key: quotaVersionKey(organizationId), owner: `v${quotaVersion}`, onTaken: quotaChanged(organizationId) })
  }
  return extras
}

/**
 * Counter extras merged per key (a transaction may write an item only once): the deltas of one counter add up,
 * and a counter whose deltas cancel out is dropped. Only unlimited counters merge; other extras pass unchanged.
 */
export function mergeCounters(extras: readonly Extra[]): Extra[] {
  const merged: Extra[] = []
  const counters = new Map<string, Extract<Extra, { kind: 'counter' }>>()
  for (const extra of extras) {
    if (extra.kind !== 'counter') {
      merged.push(extra)
      continue
    }
    if (extra.limit !== undefined) throw new Error(`a limited counter (${extra.key.pk}/${extra.key.sk}) cannot be merged`)
    const id = `${extra.key.pk}\u0000${extra.key.sk}`
    const earlier = counters.get(id)
    counters.set(id, { ...extra, delta: (earlier?.delta ?? 0) + extra.delta })
  }
  return [...merged, ...[...counters.values()].filter((counter) => counter.delta !== 0)]
}

/**
 * The writes of a quota PUT that moves the quota stream to `nextVersion`: every limited counter conditioned on its
 * new quantity (delta 0), and the version item rewritten so that allocations decided on the old quota fail.
 */
export function quotaSetExtras(organizationId: string, limits: ReadonlyMap<string, number>, nextVersion: number): Extra[] {
  const counters: Extra[] = [...limits].map(([kind, quantity]) => ({
    kind: 'counter', key: usageCounterKey(organizationId, 'used', kind), delta: 0, limit: quantity,
    onLimit: allocationExceededQuota(organizationId, kind, quantity, quantity),
  }))
  return [...counters, { kind: 'put', key: quotaVersionKey(organizationId), attributes: { owner: `v${nextVersion}` } }]
}

export interface QuotaRead {
  kind: string
  quantity: number
  used: number
  free: number
  committed: number
  reserved: number
  displayName: string
  description: string
  default: number
}

/** GET quotas: every configured kind, sorted by kind; `free` may be negative after a configuration change. */
export function quotaReads(limits: ReadonlyMap<string, number>, usage: ReadonlyMap<string, Usage>, kinds: readonly QuotaKind[] = QUOTA_KINDS): QuotaRead[] {
  return kinds.map((kind) => {
    const quantity = limits.get(kind.kind) ?? kind.default
    const { committed, reserved } = usage.get(kind.kind) ?? { committed: 0, reserved: 0 }
    const used = committed + reserved
    return { kind: kind.kind, quantity, used, free: quantity - used, committed, reserved, displayName: kind.displayName, description: kind.description, default: kind.default }
  })
}

/** Usage per kind from the counter items of the organization's quota partition (as a Query returns them). */
export function usageFromCounters(items: ReadonlyArray<Record<string, unknown>>): Map<string, Usage> {
  const usage = new Map<string, Usage>()
  for (const item of items) {
    const sk = String(item.sk ?? '')
    const split = sk.indexOf('#')
    if (split < 0) continue
    const measure = sk.slice(0, split)
    if (measure !== 'committed' && measure !== 'reserved') continue
    const kind = sk.slice(split + 1)
    const current = usage.get(kind) ?? { committed: 0, reserved: 0 }
    usage.set(kind, { ...current, [measure]: Number(item.n ?? 0) })
  }
  return usage
}
