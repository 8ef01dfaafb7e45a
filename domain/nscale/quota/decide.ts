// PUT quotas (spec §7, §9 #11): the request list replaces the stored one; unknown kinds, duplicates and negative
// quantities are refused (400). Whether the new quantities still cover the organization's usage is checked by the
// usage counters in the same request (usage.ts `quotaSetExtras`), not here: usage is not aggregate state.
import { invalidArgument, type DomainError } from '../../core/errors.js'
import { NscaleQuotasSet, type QuotaEntry, type QuotaEvent } from './events.js'
import type { QuotaState } from './evolve.js'
import { QUOTA_KINDS, type QuotaKind } from './kinds.js'

export interface SetQuotas {
  quotas: readonly QuotaEntry[]
  at: string
  by: string
}

export function setQuotas(state: QuotaState, command: SetQuotas, kinds: readonly QuotaKind[] = QUOTA_KINDS): QuotaEvent[] | DomainError {
  const known = new Set(kinds.map((kind) => kind.kind))
  const seen = new Set<string>()
  for (const { kind, quantity } of command.quotas) {
    if (!known.has(kind)) return invalidArgument('quotas', `unknown quota kind "${kind}"; known kinds: ${[...known].join(', ')}`)
    if (seen.has(kind)) return invalidArgument('quotas', `quota kind "${kind}" is listed twice`)
    if (!Number.isSafeInteger(quantity) || quantity < 0) return invalidArgument('quotas', `quantity of "${kind}" must be an integer ≥ 0`)
    seen.add(kind)
  }
  const quotas = [...command.quotas].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)).map(({ kind, quantity }) => ({ kind, quantity }))
  if (state.quotas && JSON.stringify(state.quotas) === JSON.stringify(quotas)) return []
  return [NscaleQuotasSet({ quotas, at: command.at, by: command.by })]
}
