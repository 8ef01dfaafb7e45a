// The permission-set model and the small builders the catalogue data is written with.
import { createHash } from 'node:crypto'
import type { Id } from '../../core/ids.js'
import { READ_ACTIONS, type PermissionAction, type PermissionPattern } from './permissions.js'

/** `PermissionSet.scope_type` without its `unknown_scope_type` default: every catalogue set has a real one. */
export type ScopeType = 'projects' | 'organization' | 'account_root_user'
export const SCOPE_TYPES: readonly ScopeType[] = ['projects', 'organization', 'account_root_user']

export interface PermissionSet {
  /** Stable across releases: derived from the name, so renders and caches never disagree. */
  id: Id
  name: string
  scopeType: ScopeType
  description: string
  categories: readonly string[]
  /** What the set grants; check-permissions and the engine both read this. */
  permissions: readonly PermissionPattern[]
}

export type PermissionSetDefinition = Omit<PermissionSet, 'id'>

/** A name-based UUID (version 5 layout over SHA-1) in canonical 32-hex form. */
export function permissionSetId(name: string): Id {
  const bytes = createHash('sha1').update(`scaleway.iam.permission-set:${name}`).digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  return bytes.toString('hex')
}

export function definePermissionSet(definition: PermissionSetDefinition): PermissionSet {
  return { id: permissionSetId(definition.name), ...definition }
}

/** Every name and every action of a service, including names added later. */
export const everything = (service: string): PermissionPattern => ({ service, name: '*', action: '*' })

/** Every action on the given names of a service. */
export const fullAccess = (service: string, ...names: string[]): PermissionPattern[] =>
  names.map((name) => ({ service, name, action: '*' }))

/** `list` and `read` on the given names, or on every name of the service when none is given. */
export const readOnly = (service: string, ...names: string[]): PermissionPattern[] =>
  (names.length > 0 ? names : ['*']).flatMap((name) => READ_ACTIONS.map((action) => ({ service, name, action })))

/** Chosen actions on one name. */
export const allow = (service: string, name: string, ...actions: PermissionAction[]): PermissionPattern[] =>
  actions.map((action) => ({ service, name, action }))
