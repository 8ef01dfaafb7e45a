// Per-organization limits of every countable Scaleway resource (spec §4.7, §5.7 #47). The defaults follow
// Scaleway's published IAM quotas; an organization may override any of them (a number, or unlimited).
// Organization-wide counts are enforced by counter items in the same transaction as the creation; counts
// inside one aggregate (rules of a policy, members of a group) are checked by its decider.
import { quotaExceeded, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'

export const QUOTUM_NAMES = [
  'api_keys',
  'applications',
  'groups',
  'members_per_group',
  'policies',
  'rules_per_policy',
  'ssh_keys',
  'users',
] as const

export type QuotumName = (typeof QUOTUM_NAMES)[number]

/** A quotum as the ListQuota/GetQuotum schema describes it; IAM is global, so one global limit. */
export interface Quotum {
  name: QuotumName
  prettyName: string
  unit: string
  description: string
  localityType: 'global'
  /** undefined when unlimited */
  limit: number | undefined
  unlimited: boolean
}

export type QuotaOverrides = Partial<Record<QuotumName, number | 'unlimited'>>

interface QuotumDefinition {
  prettyName: string
  description: string
  limit: number
  /** Counted by an organization-wide counter item (false: checked inside one aggregate). */
  counted: boolean
}

const DEFINITIONS: Record<QuotumName, QuotumDefinition> = {
  api_keys: { prettyName: 'API keys', description: 'Number of API keys in the Organization', limit: 100, counted: true },
  applications: { prettyName: 'Applications', description: 'Number of applications in the Organization', limit: 100, counted: true },
  groups: { prettyName: 'Groups', description: 'Number of groups in the Organization', limit: 50, counted: true },
  members_per_group: { prettyName: 'Members per group', description: 'Number of users and applications in one group', limit: 100, counted: false },
  policies: { prettyName: 'Policies', description: 'Number of policies in the Organization', limit: 50, counted: true },
  rules_per_policy: { prettyName: 'Rules per policy', description: 'Number of rules in one policy', limit: 50, counted: false },
  ssh_keys: { prettyName: 'SSH keys', description: 'Number of SSH keys in the Organization', limit: 50, counted: true },
  users: { prettyName: 'Users', description: 'Number of users in the Organization', limit: 50, counted: true },
}

export function isQuotumName(name: string): name is QuotumName {
  return (QUOTUM_NAMES as readonly string[]).includes(name)
}

/** The organization's limit for one quotum; undefined means unlimited. */
export function limitOf(name: QuotumName, overrides: QuotaOverrides = {}): number | undefined {
  const override = overrides[name]
  if (override === 'unlimited') return undefined
  return override ?? DEFINITIONS[name].limit
}

export function quotum(name: QuotumName, overrides: QuotaOverrides = {}): Quotum {
  const definition = DEFINITIONS[name]
  const limit = limitOf(name, overrides)
  return {
    name,
    prettyName: definition.prettyName,
    unit: 'unit',
    description: definition.description,
    localityType: 'global',
    limit,
    unlimited: limit === undefined,
  }
}

/** Every quotum of an organization, by name ascending (ListQuota's default order). */
export function quota(overrides: QuotaOverrides = {}): Quotum[] {
  return QUOTUM_NAMES.map((name) => quotum(name, overrides))
}

/** The counter item of an organization-wide quotum. */
export function quotaCounterKey(organizationId: string, name: QuotumName): StateKey {
  return { pk: `${organizationId}#scw-quota`, sk: name }
}

/** Counts `count` more of a resource; the append fails with quota_exceeded when the limit would be passed. */
export function consumeQuota(organizationId: string, name: QuotumName, overrides: QuotaOverrides = {}, count = 1): Extra {
  assertCounted(name)
  const limit = limitOf(name, overrides)
  const key = quotaCounterKey(organizationId, name)
  if (limit === undefined) return { kind: 'counter', key, delta: count }
  return { kind: 'counter', key, delta: count, limit, onLimit: quotaExceeded(name, limit, limit, organizationId) }
}

/** Counts `count` fewer of a resource (deletions never fail on a limit). */
export function releaseQuota(organizationId: string, name: QuotumName, count = 1): Extra {
  assertCounted(name)
  return { kind: 'counter', key: quotaCounterKey(organizationId, name), delta: -count }
}

/** For limits inside one aggregate: refuses when `current + adding` passes the limit. */
export function checkQuota(
  organizationId: string,
  name: QuotumName,
  current: number,
  adding: number,
  overrides: QuotaOverrides = {},
): DomainError | undefined {
  const limit = limitOf(name, overrides)
  if (limit === undefined || current + adding <= limit) return undefined
  return quotaExceeded(name, limit, current, organizationId)
}

function assertCounted(name: QuotumName): void {
  if (!DEFINITIONS[name].counted) throw new Error(`quotum ${name} is not an organization-wide counter`)
}
