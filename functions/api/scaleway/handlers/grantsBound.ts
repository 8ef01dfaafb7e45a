// The limits a group or policy creation must respect: the organization's quotas, tightened so that no principal's
// effective-grants item can pass 300 KB (DESIGN §6). The item's size is bounded by the organization's group and
// policy counts (projections/effectiveGrants/size.ts), so the bound rides on the counter items the creation
// already writes: its condition refuses the creation with quotas_exceeded, atomically with the count.
import type { CommandContext } from '../../../../domain/core/ports.js'
import { limitOf, quotaCounterKey, type QuotaOverrides, type QuotumName } from '../../../../domain/scaleway/quota/quota.js'
import { estimateGrantsItemBytes, GRANTS_ITEM_MAX_BYTES, grantsPolicyLimit } from '../../../../projections/effectiveGrants/size.js'

/** The most groups an organization holding `policies` policies may have while every grants item fits. */
export function grantsGroupLimit(policies: number): number {
  const perGroup = estimateGrantsItemBytes({ groups: 1, policies: 0 }) - estimateGrantsItemBytes({ groups: 0, policies: 0 })
  const spare = GRANTS_ITEM_MAX_BYTES - estimateGrantsItemBytes({ groups: 0, policies })
  return Math.max(0, Math.floor(spare / perGroup))
}

/** The quotas a CreateGroup is checked against. */
export async function groupCreationQuota(ctx: CommandContext, organizationId: string, quota: QuotaOverrides = {}): Promise<QuotaOverrides> {
  return tightened(quota, 'groups', grantsGroupLimit(await count(ctx, organizationId, 'policies')))
}

/** The quotas a CreatePolicy or ClonePolicy is checked against. */
export async function policyCreationQuota(ctx: CommandContext, organizationId: string, quota: QuotaOverrides = {}): Promise<QuotaOverrides> {
  return tightened(quota, 'policies', grantsPolicyLimit(await count(ctx, organizationId, 'groups')))
}

function tightened(quota: QuotaOverrides, name: QuotumName, bound: number): QuotaOverrides {
  const limit = limitOf(name, quota)
  return limit === undefined || bound < limit ? { ...quota, [name]: bound } : quota
}

async function count(ctx: CommandContext, organizationId: string, name: QuotumName): Promise<number> {
  const item = await ctx.readState(quotaCounterKey(organizationId, name))
  return typeof item?.n === 'number' ? item.n : 0
}
