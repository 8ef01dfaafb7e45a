export * from './catalogue.js'
export * from './permissions.js'
export { SCOPE_TYPES, permissionSetId, type PermissionSet, type ScopeType } from './permissionSet.js'
