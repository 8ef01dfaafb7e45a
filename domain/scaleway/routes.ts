// Route → permission map: every operation authorizes its caller with exactly one catalogue permission, checked
// at the organization or at a project. Other surfaces add their tables (`Surface`) and join `ROUTE_PERMISSIONS`.
import { organizationResource, projectResource } from '../authz/resource.js'
import type { Id } from '../core/ids.js'
import { levelOf, parsePermission, permissionAction, type Permission } from './catalogue/permissions.js'

export type Surface = 'scaleway' | 'authz'
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
/** Where the check is made: the caller's organization, or the project the request is about. */
export type CheckScope = 'organization' | 'project'

export interface RoutePermission {
  surface: Surface
  operationId: string
  method: HttpMethod
  /** The native path, parameters as `{name}`. */
  path: string
  permission: Permission
  /** The engine action the check asks for: `service:name:action`. */
  action: string
  /** Derived from the catalogue: the level the permission's resource name lives at. */
  scope: CheckScope
}

function route(surface: Surface, operationId: string, method: HttpMethod, path: string, permission: string): RoutePermission {
  const parsed = parsePermission(permission)
  const scope = levelOf(parsed) === 'project' ? 'project' : 'organization'
  return { surface, operationId, method, path, permission: parsed, action: permissionAction(parsed), scope }
}

const V1 = '/iam/v1alpha1'
const scw = (operationId: string, method: HttpMethod, path: string, permission: string) =>
  route('scaleway', operationId, method, `${V1}${path}`, permission)

/** The 71 operations of Scaleway IAM v1alpha1. Reads (List*, Get*) map to `list` / `read`, and only they do. */
export const SCALEWAY_ROUTES: readonly RoutePermission[] = [
  scw('ListAPIKeys', 'GET', '/api-keys', 'iam:api_keys:list'),
  scw('CreateAPIKey', 'POST', '/api-keys', 'iam:api_keys:create'),
  scw('GetAPIKey', 'GET', '/api-keys/{access_key}', 'iam:api_keys:read'),
  scw('UpdateAPIKey', 'PATCH', '/api-keys/{access_key}', 'iam:api_keys:write'),
  scw('DeleteAPIKey', 'DELETE', '/api-keys/{access_key}', 'iam:api_keys:delete'),

  scw('ListApplications', 'GET', '/applications', 'iam:applications:list'),
  scw('CreateApplication', 'POST', '/applications', 'iam:applications:create'),
  scw('GetApplication', 'GET', '/applications/{application_id}', 'iam:applications:read'),
  scw('UpdateApplication', 'PATCH', '/applications/{application_id}', 'iam:applications:write'),
  scw('DeleteApplication', 'DELETE', '/applications/{application_id}', 'iam:applications:delete'),

  scw('ListUsers', 'GET', '/users', 'iam:users:list'),
  scw('CreateUser', 'POST', '/users', 'iam:users:create'),
  scw('GetUser', 'GET', '/users/{user_id}', 'iam:users:read'),
  scw('UpdateUser', 'PATCH', '/users/{user_id}', 'iam:users:write'),
  scw('DeleteUser', 'DELETE', '/users/{user_id}', 'iam:users:delete'),
  scw('UpdateUserUsername', 'POST', '/users/{user_id}/update-username', 'iam:users:write'),
  scw('UpdateUserPassword', 'POST', '/users/{user_id}/update-password', 'iam:users:write'),
  scw('LockUser', 'POST', '/users/{user_id}/lock', 'iam:users:write'),
  scw('UnlockUser', 'POST', '/users/{user_id}/unlock', 'iam:users:write'),

  scw('ListGroups', 'GET', '/groups', 'iam:groups:list'),
  scw('CreateGroup', 'POST', '/groups', 'iam:groups:create'),
  scw('GetGroup', 'GET', '/groups/{group_id}', 'iam:groups:read'),
  scw('UpdateGroup', 'PATCH', '/groups/{group_id}', 'iam:groups:write'),
  scw('DeleteGroup', 'DELETE', '/groups/{group_id}', 'iam:groups:delete'),
  scw('AddGroupMember', 'POST', '/groups/{group_id}/add-member', 'iam:groups:write'),
  scw('AddGroupMembers', 'POST', '/groups/{group_id}/add-members', 'iam:groups:write'),
  scw('SetGroupMembers', 'PUT', '/groups/{group_id}/members', 'iam:groups:write'),
  scw('RemoveGroupMember', 'POST', '/groups/{group_id}/remove-member', 'iam:groups:write'),

  scw('ListPolicies', 'GET', '/policies', 'iam:policies:list'),
  scw('CreatePolicy', 'POST', '/policies', 'iam:policies:create'),
  scw('GetPolicy', 'GET', '/policies/{policy_id}', 'iam:policies:read'),
  scw('UpdatePolicy', 'PATCH', '/policies/{policy_id}', 'iam:policies:write'),
  scw('DeletePolicy', 'DELETE', '/policies/{policy_id}', 'iam:policies:delete'),
  scw('ClonePolicy', 'POST', '/policies/{policy_id}/clone', 'iam:policies:create'),
  // Rules are part of their policy: reading them reads the policy, setting them writes it.
  scw('ListRules', 'GET', '/rules', 'iam:policies:read'),
  scw('SetRules', 'PUT', '/rules', 'iam:policies:write'),

  scw('ListPermissionSets', 'GET', '/permission-sets', 'iam:permission_sets:list'),
  scw('CheckPermissions', 'POST', '/check-permissions', 'iam:authz:check'),

  scw('ListQuota', 'GET', '/quota', 'iam:quotas:list'),
  scw('GetQuotum', 'GET', '/quota/{quotum_name}', 'iam:quotas:read'),

  scw('ListLogs', 'GET', '/logs', 'iam:logs:list'),
  scw('GetLog', 'GET', '/logs/{log_id}', 'iam:logs:read'),

  scw('ListSSHKeys', 'GET', '/ssh-keys', 'iam:ssh_keys:list'),
  scw('CreateSSHKey', 'POST', '/ssh-keys', 'iam:ssh_keys:create'),
  scw('GetSSHKey', 'GET', '/ssh-keys/{ssh_key_id}', 'iam:ssh_keys:read'),
  scw('UpdateSSHKey', 'PATCH', '/ssh-keys/{ssh_key_id}', 'iam:ssh_keys:write'),
  scw('DeleteSSHKey', 'DELETE', '/ssh-keys/{ssh_key_id}', 'iam:ssh_keys:delete'),

  scw('GetOrganization', 'GET', '/organizations/{organization_id}', 'iam:organizations:read'),
  scw('SetOrganizationAlias', 'PUT', '/organizations/{organization_id}/alias', 'iam:organizations:write'),
  scw('UpdateOrganizationLoginMethods', 'PATCH', '/organizations/{organization_id}/login-methods', 'iam:organizations:write'),
  scw('GetOrganizationSecuritySettings', 'GET', '/organizations/{organization_id}/security-settings', 'iam:security_settings:read'),
  scw('UpdateOrganizationSecuritySettings', 'PATCH', '/organizations/{organization_id}/security-settings', 'iam:security_settings:write'),

  scw('ListGracePeriods', 'GET', '/grace-periods', 'iam:grace_periods:list'),

  scw('CreateUserMFAOTP', 'POST', '/users/{user_id}/mfa-otp', 'iam:mfa_otp:create'),
  scw('ValidateUserMFAOTP', 'POST', '/users/{user_id}/validate-mfa-otp', 'iam:mfa_otp:write'),
  scw('DeleteUserMFAOTP', 'DELETE', '/users/{user_id}/mfa-otp', 'iam:mfa_otp:delete'),

  scw('GetUserConnections', 'GET', '/users/{user_id}/connections', 'iam:connections:read'),
  scw('InitiateUserConnection', 'POST', '/users/{user_id}/initiate-connection', 'iam:connections:create'),
  scw('JoinUserConnection', 'POST', '/users/{user_id}/join-connection', 'iam:connections:write'),
  scw('RemoveUserConnection', 'POST', '/users/{user_id}/remove-connection', 'iam:connections:delete'),

  scw('ListJWTs', 'GET', '/jwts', 'iam:jwts:list'),
  scw('GetJWT', 'GET', '/jwts/{jti}', 'iam:jwts:read'),
  scw('DeleteJWT', 'DELETE', '/jwts/{jti}', 'iam:jwts:delete'),

  scw('GetOrganizationSaml', 'GET', '/organizations/{organization_id}/saml', 'iam:saml:read'),
  scw('EnableOrganizationSaml', 'POST', '/organizations/{organization_id}/saml', 'iam:saml:create'),
  scw('UpdateSaml', 'PATCH', '/saml/{saml_id}', 'iam:saml:write'),
  scw('DeleteSaml', 'DELETE', '/saml/{saml_id}', 'iam:saml:delete'),
  scw('ListSamlCertificates', 'GET', '/saml/{saml_id}/certificates', 'iam:saml_certificates:list'),
  scw('AddSamlCertificate', 'POST', '/saml/{saml_id}/certificates', 'iam:saml_certificates:create'),
  scw('GetSamlCertificate', 'GET', '/saml-certificates/{certificate_id}', 'iam:saml_certificates:read'),
  scw('DeleteSamlCertificate', 'DELETE', '/saml-certificates/{certificate_id}', 'iam:saml_certificates:delete'),
]

/** The authorization API other services call (issue 3): any surface's credential, permission `iam:authz:check`. */
export const AUTHZ_ROUTES: readonly RoutePermission[] = [
  route('authz', 'AuthzCheck', 'POST', '/authz/v1/check', 'iam:authz:check'),
  route('authz', 'AuthzExplain', 'POST', '/authz/v1/explain', 'iam:authz:check'),
]

/** The sign-in extension's authenticated operation (issue 9; 001's `create_jwt`, not in the seed's 71). */
export const SCALEWAY_EXTENSION_ROUTES: readonly RoutePermission[] = [scw('CreateJWT', 'POST', '/jwts', 'iam:jwts:create')]

export const ROUTE_PERMISSIONS: readonly RoutePermission[] = [...SCALEWAY_ROUTES, ...SCALEWAY_EXTENSION_ROUTES, ...AUTHZ_ROUTES]

const byOperation = new Map(ROUTE_PERMISSIONS.map((r) => [`${r.surface}:${r.operationId}`, r]))

export function routePermission(surface: Surface, operationId: string): RoutePermission | undefined {
  return byOperation.get(`${surface}:${operationId}`)
}

/**
 * The canonical resource a route's check is made on. A project route whose request names no project (a list
 * across projects) is checked at the organization, so only organization-wide grants allow it.
 */
export function routeResource(route: RoutePermission, target: { organizationId: Id; projectId?: Id }): string {
  return route.scope === 'project' && target.projectId !== undefined
    ? projectResource(target.organizationId, target.projectId)
    : organizationResource(target.organizationId)
}
