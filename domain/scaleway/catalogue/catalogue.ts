// The permission-set catalogue and its lookups: by name, the ListPermissionSets page, who grants a permission,
// and the engine actions a group of sets compiles to.
import { accountRootUserSets, iamSets, organizationSets } from './organizationSets.js'
import type { PermissionSet } from './permissionSet.js'
import { patternGrants, permissionAction, type Permission, type PermissionPattern } from './permissions.js'
import { productSets } from './productSets.js'

/** Declaration order is the catalogue's creation order (ListPermissionSets `created_at_*`). */
export const PERMISSION_SETS: readonly PermissionSet[] = [...iamSets, ...organizationSets, ...accountRootUserSets, ...productSets]

const byName = new Map(PERMISSION_SETS.map((set) => [set.name, set]))
const position = new Map(PERMISSION_SETS.map((set, index) => [set.name, index]))

/** Exact, case-sensitive, as Scaleway names are. */
export function permissionSetByName(name: string): PermissionSet | undefined {
  return byName.get(name)
}

export const PERMISSION_SET_ORDERS = ['name_asc', 'name_desc', 'created_at_asc', 'created_at_desc'] as const
export type PermissionSetOrder = (typeof PERMISSION_SET_ORDERS)[number]

export interface PermissionSetQuery {
  /** Default `name_asc`, as the spec says. */
  orderBy?: PermissionSetOrder
  /** 1-based; the surface validates bounds (page ≥ 1, page_size 1–100). */
  page?: number
  pageSize?: number
}

export interface PermissionSetPage {
  permissionSets: PermissionSet[]
  totalCount: number
}

/**
 * ListPermissionSets. Its only filter, `organization_id`, is the caller's tenancy check: every Organization
 * sees the same catalogue. A page past the end is empty with the true total.
 */
export function listPermissionSets({ orderBy = 'name_asc', page = 1, pageSize = 20 }: PermissionSetQuery = {}): PermissionSetPage {
  const sorted = [...PERMISSION_SETS].sort(ORDERS[orderBy])
  const start = (page - 1) * pageSize
  return { permissionSets: sorted.slice(start, start + pageSize), totalCount: sorted.length }
}

/** Case-insensitive, by code unit (no locale, so every process sorts alike); names are unique, so no ties. */
const byNameAsc = (a: PermissionSet, b: PermissionSet): number => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.name, b.name)
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byCreationAsc = (a: PermissionSet, b: PermissionSet): number => position.get(a.name)! - position.get(b.name)!

const ORDERS: Record<PermissionSetOrder, (a: PermissionSet, b: PermissionSet) => number> = {
  name_asc: byNameAsc,
  name_desc: (a, b) => byNameAsc(b, a),
  created_at_asc: byCreationAsc,
  created_at_desc: (a, b) => byCreationAsc(b, a),
}

/** Does the set grant this (service, name, action)? Case-insensitive on the permission. */
export function permissionSetGrants(set: PermissionSet, permission: Permission): boolean {
  return set.permissions.some((pattern) => patternGrants(pattern, permission))
}

/** Every set that grants the permission, in catalogue order. */
export function permissionSetsGranting(permission: Permission): PermissionSet[] {
  return PERMISSION_SETS.filter((set) => permissionSetGrants(set, permission))
}

/**
 * The engine actions of some sets: their patterns, without duplicates and without patterns another one covers
 * (`iam:users:read` is dropped next to `iam:*`), sorted. This keeps compiled statements, and grants items, small.
 */
export function actionsOf(sets: readonly PermissionSet[]): string[] {
  const patterns = sets.flatMap((set) => set.permissions)
  const kept = patterns.filter((pattern) => !patterns.some((other) => covers(other, pattern)))
  return [...new Set(kept.map(permissionAction))].sort()
}

/** `a` covers `b` when it grants everything `b` does and more. */
function covers(a: PermissionPattern, b: PermissionPattern): boolean {
  const name = a.name === '*' || a.name === b.name
  const action = a.action === '*' || a.action === b.action
  return a.service === b.service && name && action && (a.name !== b.name || a.action !== b.action)
}
