// The grants item must stay under 300 KB (DESIGN §6) so that a check stays one small read. Its size is bounded
// by what an organization holds: one membership fact per group, and per policy at most one direct fact and one
// group-policy fact per membership it reached (a Scaleway policy names one principal; entries of groups left
// are removed). So the command side can refuse what would pass the bound from counters it already keeps,
// without reading the projection:
//
//   const limit = grantsPolicyLimit(groupsInOrganization)      // policies an organization may hold
//   if (policiesInOrganization + 1 > limit) → the surface's quota error (Scaleway: quota_exceeded "policies")
//
// and the same with `grantsItemFits({groups: groups + 1, policies})` when a group is created. With Scaleway's
// default quotas (50 groups, 50 policies) an item stays near 10 KB; the bound matters only when an organization's
// quotas are raised or unlimited.
import { groupPolicyFact, directFact, memberFact, OWNER_FACT, type FactEntry } from './facts.js'
import { FACTS } from './keys.js'

export const GRANTS_ITEM_MAX_BYTES = 300 * 1024

const MAP_OVERHEAD = 3

export interface GrantsItemCounts {
  /** Groups the principal may belong to (the organization's groups). */
  groups: number
  /** Policies that may name the principal or one of its groups (the organization's policies). */
  policies: number
}

const ID = 'f'.repeat(32)
/** Stream versions are counted with 10 digits: far beyond any stream's length. */
const VERSION = 9_999_999_999
const GRANTED: FactEntry = { version: VERSION, value: { pv: VERSION } }
const MEMBER: FactEntry = { version: VERSION, value: {} }
/** The item's key and revision as the projector stores them (projection name, version, partition, sort). */
const KEY_BYTES = dynamoSize({ pk: `${ID}#effectiveGrants@${VERSION}#principal/${ID}`, sk: 'grants', _rev: 'x'.repeat(11) })

/** An upper bound of the grants item's size in bytes, as DynamoDB counts it. */
export function estimateGrantsItemBytes(counts: GrantsItemCounts): number {
  const factBytes = (name: string, entry: FactEntry) => dynamoSize({ [name]: entry }) - MAP_OVERHEAD
  const perGroup = factBytes(memberFact(ID), MEMBER)
  const perPolicy = factBytes(directFact(ID), GRANTED) + factBytes(groupPolicyFact(ID, VERSION, ID), GRANTED)
  const base = KEY_BYTES + dynamoSize({ [FACTS]: { [OWNER_FACT]: MEMBER } })
  return base + counts.groups * perGroup + counts.policies * perPolicy
}

export function grantsItemFits(counts: GrantsItemCounts): boolean {
  return estimateGrantsItemBytes(counts) <= GRANTS_ITEM_MAX_BYTES
}

/** The most policies an organization with `groups` groups may hold while every grants item fits. */
export function grantsPolicyLimit(groups: number): number {
  const spare = GRANTS_ITEM_MAX_BYTES - estimateGrantsItemBytes({ groups, policies: 0 })
  const perPolicy = estimateGrantsItemBytes({ groups: 0, policies: 1 }) - estimateGrantsItemBytes({ groups: 0, policies: 0 })
  return Math.max(0, Math.floor(spare / perPolicy))
}


/**
 * DynamoDB's item size rules: names and strings by UTF-8 length, numbers about one byte per two significant
 * digits plus one, binary by length, null and booleans one byte, maps and lists 3 bytes plus 1 per element.
 */
export function dynamoSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8')
  if (typeof value === 'number') return Math.min(21, Math.ceil(String(Math.abs(value)).replace(/^0+|\.|e.*$/g, '').length / 2) + 1)
  if (value instanceof Uint8Array) return value.byteLength
  if (Array.isArray(value)) return MAP_OVERHEAD + value.reduce((sum: number, element) => sum + dynamoSize(element) + 1, 0)
  return MAP_OVERHEAD + Object.entries(value as Record<string, unknown>).reduce((sum, [name, element]) => sum + Buffer.byteLength(name, 'utf8') + dynamoSize(element) + 1, 0)
}
