// Route → authorization map of the nscale surface (spec §3.2 RBAC column, §6.2): each operation checks one
// endpoint scope × CRUD operation at the level upstream checks it, through the engine's check
// (action `<endpoint>:<operation>`, e.g. `identity:projects:read`, on a canonical resource):
//
//   global        org/-                     only global grants (`org/*`) cover it
//   organization  org/<O>                   global or organization grants of O
//   project       org/<O>/project/<P>       global, organization or that project's grants (upstream's fallback)
//
// Some operations have no check up front (`none`): the ACL endpoints (about the caller alone), the system
// providers list (any authenticated caller), and the lists upstream filters per item (projects, allocations),
// whose handlers check each item; the organizations list and service-account self-access decide in the handler.
import { organizationResource, projectResource } from '../authz/resource.js'

export type AclOperation = 'create' | 'read' | 'update' | 'delete'
export const ACL_OPERATIONS: readonly AclOperation[] = ['create', 'read', 'update', 'delete']
export type CheckLevel = 'global' | 'organization' | 'project'

export interface NscaleRoute {
  operationId: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Full path, parameters as `{name}`. */
  path: string
  /** The check made before the handler runs; absent = none up front (see above). */
  check?: { endpoint: string; operation: AclOperation; level: CheckLevel }
}

/** The resource only global grants cover (`org/*` matches it; no organization or project pattern does). */
export const GLOBAL_RESOURCE = 'org/-'

export function nscaleAction(endpoint: string, operation: AclOperation): string {
  return `${endpoint}:${operation}`
}

/** The canonical resource a check at `level` is made on. */
export function nscaleCheckResource(level: CheckLevel, scope: { organizationId?: string; projectId?: string }): string {
  if (level === 'global' || !scope.organizationId) return GLOBAL_RESOURCE
  if (level === 'project' && scope.projectId) return projectResource(scope.organizationId, scope.projectId)
  return organizationResource(scope.organizationId)
}

const V1 = '/api/v1'
const O = `${V1}/organizations/{organizationID}`
type Method = NscaleRoute['method']
const r = (operationId: string, method: Method, path: string, check?: NscaleRoute['check']): NscaleRoute =>
  ({ operationId, method, path, ...(check ? { check } : {}) })
const g = (endpoint: string, operation: AclOperation) => ({ endpoint, operation, level: 'global' as const })
const o = (endpoint: string, operation: AclOperation) => ({ endpoint, operation, level: 'organization' as const })
const p = (endpoint: string, operation: AclOperation) => ({ endpoint, operation, level: 'project' as const })

/** The 39 REST operations under /api/v1. */
export const NSCALE_ROUTES: readonly NscaleRoute[] = [
  r('apiV1Oauth2providersGet', 'GET', `${V1}/oauth2providers`),
  r('apiV1AclGet', 'GET', `${V1}/acl`),
  r('apiV1OrganizationsGet', 'GET', `${V1}/organizations`),
  r('apiV1OrganizationsPost', 'POST', `${V1}/organizations`, g('identity:organizations', 'create')),
  r('apiV1OrganizationsOrganizationIDGet', 'GET', O, o('identity:organizations', 'read')),
  r('apiV1OrganizationsOrganizationIDPut', 'PUT', O, o('identity:organizations', 'update')),
  r('apiV1OrganizationsOrganizationIDDelete', 'DELETE', O, g('identity:organizations', 'delete')),
  r('apiV1OrganizationsOrganizationIDAclGet', 'GET', `${O}/acl`),
  // Service accounts may list and rotate themselves: the handler decides (spec #20, #24).
  r('apiV1OrganizationsOrganizationIDServiceaccountsGet', 'GET', `${O}/serviceaccounts`),
  r('apiV1OrganizationsOrganizationIDServiceaccountsPost', 'POST', `${O}/serviceaccounts`, o('identity:serviceaccounts', 'create')),
  r('apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDPut', 'PUT', `${O}/serviceaccounts/{serviceAccountID}`, o('identity:serviceaccounts', 'update')),
  r('apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDDelete', 'DELETE', `${O}/serviceaccounts/{serviceAccountID}`, o('identity:serviceaccounts', 'delete')),
  r('apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDRotatePost', 'POST', `${O}/serviceaccounts/{serviceAccountID}/rotate`),
  r('apiV1OrganizationsOrganizationIDUsersGet', 'GET', `${O}/users`, o('identity:users', 'read')),
  r('apiV1OrganizationsOrganizationIDUsersPost', 'POST', `${O}/users`, o('identity:users', 'create')),
  r('apiV1OrganizationsOrganizationIDUsersUserIDPut', 'PUT', `${O}/users/{userID}`, o('identity:users', 'update')),
  r('apiV1OrganizationsOrganizationIDUsersUserIDDelete', 'DELETE', `${O}/users/{userID}`, o('identity:users', 'delete')),
  r('apiV1OrganizationsOrganizationIDRolesGet', 'GET', `${O}/roles`, o('identity:roles', 'read')),
  r('apiV1OrganizationsOrganizationIDOauth2providersGet', 'GET', `${O}/oauth2providers`, o('identity:oauth2providers', 'read')),
  r('apiV1OrganizationsOrganizationIDOauth2providersPost', 'POST', `${O}/oauth2providers`, o('identity:oauth2providers', 'create')),
  r('apiV1OrganizationsOrganizationIDOauth2providersProviderIDPut', 'PUT', `${O}/oauth2providers/{providerID}`, o('identity:oauth2providers', 'update')),
  r('apiV1OrganizationsOrganizationIDOauth2providersProviderIDDelete', 'DELETE', `${O}/oauth2providers/{providerID}`, o('identity:oauth2providers', 'delete')),
  r('apiV1OrganizationsOrganizationIDGroupsGet', 'GET', `${O}/groups`, o('identity:groups', 'read')),
  r('apiV1OrganizationsOrganizationIDGroupsPost', 'POST', `${O}/groups`, o('identity:groups', 'create')),
  r('apiV1OrganizationsOrganizationIDGroupsGroupidGet', 'GET', `${O}/groups/{groupid}`, o('identity:groups', 'read')),
  r('apiV1OrganizationsOrganizationIDGroupsGroupidPut', 'PUT', `${O}/groups/{groupid}`, o('identity:groups', 'update')),
  r('apiV1OrganizationsOrganizationIDGroupsGroupidDelete', 'DELETE', `${O}/groups/{groupid}`, o('identity:groups', 'delete')),
  r('apiV1OrganizationsOrganizationIDProjectsGet', 'GET', `${O}/projects`),
  r('apiV1OrganizationsOrganizationIDProjectsPost', 'POST', `${O}/projects`, o('identity:projects', 'create')),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDGet', 'GET', `${O}/projects/{projectID}`, p('identity:projects', 'read')),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDPut', 'PUT', `${O}/projects/{projectID}`, p('identity:projects', 'update')),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDDelete', 'DELETE', `${O}/projects/{projectID}`, p('identity:projects', 'delete')),
  r('apiV1OrganizationsOrganizationIDQuotasGet', 'GET', `${O}/quotas`, o('identity:quotas', 'read')),
  r('apiV1OrganizationsOrganizationIDQuotasPut', 'PUT', `${O}/quotas`, o('identity:quotas', 'update')),
  r('apiV1OrganizationsOrganizationIDAllocationsGet', 'GET', `${O}/allocations`),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsPost', 'POST', `${O}/projects/{projectID}/allocations`, p('identity:allocations', 'create')),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDGet', 'GET', `${O}/projects/{projectID}/allocations/{allocationID}`, p('identity:allocations', 'read')),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDPut', 'PUT', `${O}/projects/{projectID}/allocations/{allocationID}`, p('identity:allocations', 'update')),
  r('apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDDelete', 'DELETE', `${O}/projects/{projectID}/allocations/{allocationID}`, p('identity:allocations', 'delete')),
]

const BY_OPERATION = new Map(NSCALE_ROUTES.map((route) => [route.operationId, route]))

export function nscaleRoute(operationId: string): NscaleRoute | undefined {
  return BY_OPERATION.get(operationId)
}
