// Every nscale Identity REST operation (spec §3.2, seed operationIds), keyed by operationId. Paths are full
// (`/api/v1/...`); the path parameter `groupid` is lower case as the spec has it.
import { createRoute, z } from '@hono/zod-openapi'
import { errorBody, pathId } from './schemas/common.js'
import {
  acl, groupRead, groups, groupWrite, projectRead, projects, projectWrite, roles, userRead, users, userWrite,
} from './schemas/identity.js'
import { organizationRead, organizations, organizationWrite } from './schemas/organizations.js'
import {
  allocationRead, allocations, allocationWrite, oauth2ProviderRead, oauth2Providers, oauth2ProviderWrite, quotasRead, quotasWrite,
  serviceAccountCreate, serviceAccountRead, serviceAccounts, serviceAccountWrite,
} from './schemas/resources.js'

export const BASE_PATH = '/api/v1'

const errors = { default: { description: 'Error', content: { 'application/json': { schema: errorBody } } } }
function json<C extends 200 | 201 | 202, S extends z.ZodType>(status: C, schema: S) {
  return { [status]: { description: 'OK', content: { 'application/json': { schema } } }, ...errors } as
    Record<C, { description: string; content: { 'application/json': { schema: S } } }> & typeof errors
}
const empty = (status: 200 | 202) => ({ [status]: { description: 'Accepted' }, ...errors })
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } })

const organizationID = pathId('An organization ID.')
const org = z.object({ organizationID })
const group = z.object({ organizationID, groupid: pathId('A unique group ID.') })
const provider = z.object({ organizationID, providerID: pathId('An oauth2 provider ID.') })
const project = z.object({ organizationID, projectID: pathId('A project ID.') })
const allocation = z.object({ organizationID, projectID: pathId('A project ID.'), allocationID: pathId('A resource allocation ID.') })
const serviceAccount = z.object({ organizationID, serviceAccountID: pathId('A service account ID.') })
const user = z.object({ organizationID, userID: pathId('A user ID.') })

const security = [{ oauth2Authentication: [] }]
const O = `${BASE_PATH}/organizations/{organizationID}`

export const ROUTES = {
  apiV1Oauth2providersGet: createRoute({
    method: 'get', path: `${BASE_PATH}/oauth2providers`, operationId: 'apiV1Oauth2providersGet', security, summary: 'Lists system identity providers.',
    responses: json(200, oauth2Providers),
  }),
  apiV1AclGet: createRoute({
    method: 'get', path: `${BASE_PATH}/acl`, operationId: 'apiV1AclGet', security, summary: 'Returns access control properties for the user.',
    responses: json(200, acl),
  }),
  apiV1OrganizationsGet: createRoute({
    method: 'get', path: `${BASE_PATH}/organizations`, operationId: 'apiV1OrganizationsGet', security,
    summary: 'Returns a list of organizations that the user is a member of.',
    request: { query: z.object({ email: z.string().max(254).optional() }) }, responses: json(200, organizations),
  }),
  apiV1OrganizationsPost: createRoute({
    method: 'post', path: `${BASE_PATH}/organizations`, operationId: 'apiV1OrganizationsPost', security, summary: 'Allows creation of a new organization.',
    request: { body: body(organizationWrite) }, responses: json(202, organizationRead),
  }),
  apiV1OrganizationsOrganizationIDGet: createRoute({
    method: 'get', path: O, operationId: 'apiV1OrganizationsOrganizationIDGet', security, summary: 'Get an organization.',
    request: { params: org }, responses: json(200, organizationRead),
  }),
  apiV1OrganizationsOrganizationIDPut: createRoute({
    method: 'put', path: O, operationId: 'apiV1OrganizationsOrganizationIDPut', security, summary: 'Update an organization.',
    request: { params: org, body: body(organizationWrite) }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDDelete: createRoute({
    method: 'delete', path: O, operationId: 'apiV1OrganizationsOrganizationIDDelete', security,
    summary: 'Delete an organization, all of its users, groups, projects, and infrastructure.',
    request: { params: org }, responses: empty(202),
  }),
  apiV1OrganizationsOrganizationIDAclGet: createRoute({
    method: 'get', path: `${O}/acl`, operationId: 'apiV1OrganizationsOrganizationIDAclGet', security,
    summary: 'Returns access control properties for the user.', request: { params: org }, responses: json(200, acl),
  }),
  apiV1OrganizationsOrganizationIDServiceaccountsGet: createRoute({
    method: 'get', path: `${O}/serviceaccounts`, operationId: 'apiV1OrganizationsOrganizationIDServiceaccountsGet', security,
    summary: 'Lists all service accounts.', request: { params: org }, responses: json(200, serviceAccounts),
  }),
  apiV1OrganizationsOrganizationIDServiceaccountsPost: createRoute({
    method: 'post', path: `${O}/serviceaccounts`, operationId: 'apiV1OrganizationsOrganizationIDServiceaccountsPost', security,
    summary: 'Creates a new service account and returns an access token; the token can only be read once.',
    request: { params: org, body: body(serviceAccountWrite) }, responses: json(201, serviceAccountCreate),
  }),
  apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDPut: createRoute({
    method: 'put', path: `${O}/serviceaccounts/{serviceAccountID}`, operationId: 'apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDPut',
    security, summary: 'Updates a service account.', request: { params: serviceAccount, body: body(serviceAccountWrite) },
    responses: json(200, serviceAccountRead),
  }),
  apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDDelete: createRoute({
    method: 'delete', path: `${O}/serviceaccounts/{serviceAccountID}`,
    operationId: 'apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDDelete', security,
    summary: 'Removes a service account and revokes an access token.', request: { params: serviceAccount }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDRotatePost: createRoute({
    method: 'post', path: `${O}/serviceaccounts/{serviceAccountID}/rotate`,
    operationId: 'apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDRotatePost', security,
    summary: "Rotates a service account's access token; the token can only be read once.", request: { params: serviceAccount },
    responses: json(200, serviceAccountCreate),
  }),
  apiV1OrganizationsOrganizationIDUsersGet: createRoute({
    method: 'get', path: `${O}/users`, operationId: 'apiV1OrganizationsOrganizationIDUsersGet', security, summary: 'Lists all users.',
    request: { params: org }, responses: json(200, users),
  }),
  apiV1OrganizationsOrganizationIDUsersPost: createRoute({
    method: 'post', path: `${O}/users`, operationId: 'apiV1OrganizationsOrganizationIDUsersPost', security,
    summary: 'Creates a new user and associates with a set of groups.', request: { params: org, body: body(userWrite) },
    responses: json(201, userRead),
  }),
  apiV1OrganizationsOrganizationIDUsersUserIDPut: createRoute({
    method: 'put', path: `${O}/users/{userID}`, operationId: 'apiV1OrganizationsOrganizationIDUsersUserIDPut', security,
    summary: 'Updates a user.', request: { params: user, body: body(userWrite) }, responses: json(200, userRead),
  }),
  apiV1OrganizationsOrganizationIDUsersUserIDDelete: createRoute({
    method: 'delete', path: `${O}/users/{userID}`, operationId: 'apiV1OrganizationsOrganizationIDUsersUserIDDelete', security,
    summary: 'Deletes a user and disassociates them with all groups.', request: { params: user }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDRolesGet: createRoute({
    method: 'get', path: `${O}/roles`, operationId: 'apiV1OrganizationsOrganizationIDRolesGet', security,
    summary: 'Returns roles that can be used by the organization.', request: { params: org }, responses: json(200, roles),
  }),
  apiV1OrganizationsOrganizationIDOauth2providersGet: createRoute({
    method: 'get', path: `${O}/oauth2providers`, operationId: 'apiV1OrganizationsOrganizationIDOauth2providersGet', security,
    summary: "Lists an organization's identity providers.", request: { params: org }, responses: json(200, oauth2Providers),
  }),
  apiV1OrganizationsOrganizationIDOauth2providersPost: createRoute({
    method: 'post', path: `${O}/oauth2providers`, operationId: 'apiV1OrganizationsOrganizationIDOauth2providersPost', security,
    summary: "Create an organization's identity provider.", request: { params: org, body: body(oauth2ProviderWrite) },
    responses: json(201, oauth2ProviderRead),
  }),
  apiV1OrganizationsOrganizationIDOauth2providersProviderIDPut: createRoute({
    method: 'put', path: `${O}/oauth2providers/{providerID}`, operationId: 'apiV1OrganizationsOrganizationIDOauth2providersProviderIDPut',
    security, summary: "Update an organization's identity provider.", request: { params: provider, body: body(oauth2ProviderWrite) },
    responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDOauth2providersProviderIDDelete: createRoute({
    method: 'delete', path: `${O}/oauth2providers/{providerID}`,
    operationId: 'apiV1OrganizationsOrganizationIDOauth2providersProviderIDDelete', security,
    summary: "Delete an organization's identity provider.", request: { params: provider }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDGroupsGet: createRoute({
    method: 'get', path: `${O}/groups`, operationId: 'apiV1OrganizationsOrganizationIDGroupsGet', security,
    summary: 'Returns a list of groups that are defined for the organization.', request: { params: org }, responses: json(200, groups),
  }),
  apiV1OrganizationsOrganizationIDGroupsPost: createRoute({
    method: 'post', path: `${O}/groups`, operationId: 'apiV1OrganizationsOrganizationIDGroupsPost', security,
    summary: 'Allows creation of a new group.', request: { params: org, body: body(groupWrite) }, responses: json(201, groupRead),
  }),
  apiV1OrganizationsOrganizationIDGroupsGroupidGet: createRoute({
    method: 'get', path: `${O}/groups/{groupid}`, operationId: 'apiV1OrganizationsOrganizationIDGroupsGroupidGet', security,
    summary: 'Allows a single group to be polled.', request: { params: group }, responses: json(200, groupRead),
  }),
  apiV1OrganizationsOrganizationIDGroupsGroupidPut: createRoute({
    method: 'put', path: `${O}/groups/{groupid}`, operationId: 'apiV1OrganizationsOrganizationIDGroupsGroupidPut', security,
    summary: 'Allows a group to be updated.', request: { params: group, body: body(groupWrite) }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDGroupsGroupidDelete: createRoute({
    method: 'delete', path: `${O}/groups/{groupid}`, operationId: 'apiV1OrganizationsOrganizationIDGroupsGroupidDelete', security,
    summary: 'Allows the deletion of an existing group.', request: { params: group }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDProjectsGet: createRoute({
    method: 'get', path: `${O}/projects`, operationId: 'apiV1OrganizationsOrganizationIDProjectsGet', security,
    summary: 'List all projects for the organization.', request: { params: org }, responses: json(200, projects),
  }),
  apiV1OrganizationsOrganizationIDProjectsPost: createRoute({
    method: 'post', path: `${O}/projects`, operationId: 'apiV1OrganizationsOrganizationIDProjectsPost', security,
    summary: "Creates a new project resource for the user's organization.", request: { params: org, body: body(projectWrite) },
    responses: json(202, projectRead),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDGet: createRoute({
    method: 'get', path: `${O}/projects/{projectID}`, operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDGet', security,
    summary: 'Gets a project.', request: { params: project }, responses: json(200, projectRead),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDPut: createRoute({
    method: 'put', path: `${O}/projects/{projectID}`, operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDPut', security,
    summary: 'Updates a project.', request: { params: project, body: body(projectWrite) }, responses: empty(200),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDDelete: createRoute({
    method: 'delete', path: `${O}/projects/{projectID}`, operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDDelete', security,
    summary: 'Deletes the project and everything in it.', request: { params: project }, responses: empty(202),
  }),
  apiV1OrganizationsOrganizationIDQuotasGet: createRoute({
    method: 'get', path: `${O}/quotas`, operationId: 'apiV1OrganizationsOrganizationIDQuotasGet', security,
    summary: 'Gets quotas for the organization.', request: { params: org }, responses: json(200, quotasRead),
  }),
  apiV1OrganizationsOrganizationIDQuotasPut: createRoute({
    method: 'put', path: `${O}/quotas`, operationId: 'apiV1OrganizationsOrganizationIDQuotasPut', security,
    summary: 'Sets quotas for the organization.', request: { params: org, body: body(quotasWrite) }, responses: json(200, quotasRead),
  }),
  apiV1OrganizationsOrganizationIDAllocationsGet: createRoute({
    method: 'get', path: `${O}/allocations`, operationId: 'apiV1OrganizationsOrganizationIDAllocationsGet', security,
    summary: 'Lists all allocations.', request: { params: org }, responses: json(200, allocations),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsPost: createRoute({
    method: 'post', path: `${O}/projects/{projectID}/allocations`, operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsPost',
    security, summary: 'Creates an allocation.', request: { params: project, body: body(allocationWrite) }, responses: json(201, allocationRead),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDGet: createRoute({
    method: 'get', path: `${O}/projects/{projectID}/allocations/{allocationID}`,
    operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDGet', security, summary: 'Gets an allocation.',
    request: { params: allocation }, responses: json(200, allocationRead),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDPut: createRoute({
    method: 'put', path: `${O}/projects/{projectID}/allocations/{allocationID}`,
    operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDPut', security, summary: 'Updates an allocation.',
    request: { params: allocation, body: body(allocationWrite) }, responses: json(200, allocationRead),
  }),
  apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDDelete: createRoute({
    method: 'delete', path: `${O}/projects/{projectID}/allocations/{allocationID}`,
    operationId: 'apiV1OrganizationsOrganizationIDProjectsProjectIDAllocationsAllocationIDDelete', security, summary: 'Deletes an allocation.',
    request: { params: allocation }, responses: empty(202),
  }),
}

export type Routes = typeof ROUTES
export type OperationId = keyof Routes
export const OPERATION_IDS = Object.keys(ROUTES) as OperationId[]
