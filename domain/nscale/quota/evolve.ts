// The state of an organization's quota, folded from its events; and its limits per configured kind.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { QuotaEntry, QuotaEvent } from './events.js'
import { QUOTA_KINDS, type QuotaKind } from './kinds.js'

export const QUOTA = 'nscale-quota'

export interface QuotaState {
  /** Undefined until the first PUT: every kind has its default. */
  quotas?: QuotaEntry[]
  modifiedAt?: string
  modifiedBy?: string
}

export function evolveQuota(state: QuotaState, event: QuotaEvent): QuotaState {
  switch (event.type) {
    case 'NscaleQuotasSet':
      return { quotas: event.data.quotas, modifiedAt: event.data.at, modifiedBy: event.data.by }
  }
}

export const quotaDecider: Decider<QuotaState, QuotaEvent> = {
  aggregateType: QUOTA,
  initialState: () => ({}),
  evolve: evolveQuota,
}

export function quotaStreamId(organizationId: string): string {
  return streamId(organizationId, QUOTA, organizationId)
}

/** The quantity of every configured kind: the stored one, else the default. Kinds not configured are unbounded. */
export function quotaLimits(state: QuotaState, kinds: readonly QuotaKind[] = QUOTA_KINDS): Map<string, number> {
  const stored = new Map((state.quotas ?? []).map((entry) => [entry.kind, entry.quantity]))
  return new Map(kinds.map((kind) => [kind.kind, stored.get(kind.kind) ?? kind.default]))
}
