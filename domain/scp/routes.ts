// Route → action map of the SCP IAM surface (issue 7): the 62 operations at their native paths under `/v1`, the
// API versions each exists in, and what each authorizes: action `iam:<OperationId>` on one canonical resource.
// The resource is the IAM resource the path names first (the group of `/groups/{group_id}/members/{user_id}`,
// the user of `/users/{user_id}/policy-bindings`, the SRN of a resource policy), else the caller's account.
import { NO_REGION, parseSrn, srnToResource } from '../authz/srn.js'
import { organizationResource, renderResource } from '../authz/resource.js'

export type ScpVersion = '1.0' | '1.1' | '1.2'
export const SCP_VERSIONS: readonly ScpVersion[] = ['1.0', '1.1', '1.2']
/** The version a request without `Scp-Api-Version` gets. */
export const SCP_CURRENT_VERSION: ScpVersion = '1.2'
export type ScpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface ScpRoute {
  /** The checklist's id (AK-1, USR-6 …). */
  ref: string
  operationId: string
  method: ScpMethod
  /** Full path, parameters as `{name}`. */
  path: string
  /** The engine action: `iam:<operationId>`. */
  action: string
  versions: readonly ScpVersion[]
}

const ALL = SCP_VERSIONS
/** USR-6 (single-user delete) is documented for 1.1 and 1.2 only. */
const V1_1_ON: readonly ScpVersion[] = ['1.1', '1.2']

function scp(ref: string, operationId: string, method: ScpMethod, path: string, versions: readonly ScpVersion[] = ALL): ScpRoute {
  return { ref, operationId, method, path, action: `iam:${operationId}`, versions }
}

/** All 62 operations, in the checklist's order (the app registers literal segments before `{id}` routes). */
export const SCP_ROUTES = [
  scp('AK-1', 'CreateAccessKey', 'POST', '/v1/access-keys'),
  scp('AK-2', 'GetAccessKey', 'GET', '/v1/access-keys/{access_key_id}'),
  scp('AK-3', 'ListAccessKeys', 'GET', '/v1/access-keys'),
  scp('AK-4', 'SetAccessKey', 'PUT', '/v1/access-keys/{access_key_id}'),
  scp('AK-5', 'DeleteAccessKey', 'DELETE', '/v1/access-keys/{access_key_id}'),
  scp('AK-6', 'DeleteAccessKeysBulk', 'DELETE', '/v1/access-keys/bulk'),
  scp('AK-7', 'SendAccessKeyOtp', 'POST', '/v1/access-keys/send-otp'),
  scp('USR-1', 'CreateUser', 'POST', '/v1/accounts/{account_id}/users'),
  scp('USR-2', 'GetUser', 'GET', '/v1/accounts/{account_id}/users/{user_id}'),
  scp('USR-3', 'ListUsers', 'GET', '/v1/accounts/{account_id}/users'),
  scp('USR-4', 'UpdateUser', 'PUT', '/v1/accounts/{account_id}/users/{user_id}'),
  scp('USR-5', 'UpdateUserPassword', 'PUT', '/v1/accounts/{account_id}/users/{user_id}/password'),
  scp('USR-6', 'DeleteUser', 'DELETE', '/v1/accounts/{account_id}/users/{user_id}', V1_1_ON),
  scp('USR-7', 'DeleteUsersBulk', 'DELETE', '/v1/accounts/{account_id}/users/bulk'),
  scp('UPB-1', 'AttachUserPolicies', 'POST', '/v1/users/{user_id}/policy-bindings'),
  scp('UPB-2', 'ListUserPolicies', 'GET', '/v1/users/{user_id}/policy-bindings'),
  scp('UPB-3', 'DetachUserPolicy', 'DELETE', '/v1/users/{user_id}/policy-bindings/{policy_id}'),
  scp('GRP-1', 'CreateGroup', 'POST', '/v1/groups'),
  scp('GRP-2', 'GetGroup', 'GET', '/v1/groups/{group_id}'),
  scp('GRP-3', 'ListGroups', 'GET', '/v1/groups'),
  scp('GRP-4', 'ModifyGroup', 'PUT', '/v1/groups/{group_id}'),
  scp('GRP-5', 'DeleteGroup', 'DELETE', '/v1/groups/{group_id}'),
  scp('GMB-1', 'AddGroupMember', 'POST', '/v1/groups/{group_id}/members'),
  scp('GMB-2', 'ListGroupMembers', 'GET', '/v1/groups/{group_id}/members'),
  scp('GMB-3', 'RemoveGroupMember', 'DELETE', '/v1/groups/{group_id}/members/{user_id}'),
  scp('GPB-1', 'AttachGroupPolicies', 'POST', '/v1/groups/{group_id}/policy-bindings'),
  scp('GPB-2', 'ListGroupPolicies', 'GET', '/v1/groups/{group_id}/policy-bindings'),
  scp('GPB-3', 'DetachGroupPolicy', 'DELETE', '/v1/groups/{group_id}/policy-bindings/{policy_id}'),
  scp('POL-1', 'CreatePolicy', 'POST', '/v1/policies'),
  scp('POL-2', 'ShowPolicy', 'GET', '/v1/policies/{policy_id}'),
  scp('POL-3', 'SetPolicy', 'PUT', '/v1/policies/{policy_id}'),
  scp('POL-4', 'DeletePolicy', 'DELETE', '/v1/policies/{policy_id}'),
  scp('POL-5', 'DeletePoliciesBulk', 'DELETE', '/v1/policies/bulk'),
  scp('POL-6', 'ListPolicies', 'GET', '/v1/policies'),
  scp('POL-7', 'QueryPolicies', 'POST', '/v1/policies/list'),
  scp('PBD-1', 'ListPolicyBindings', 'GET', '/v1/policies/{policy_id}/bindings'),
  scp('PBD-2', 'SetPolicyBindings', 'PUT', '/v1/policies/{policy_id}/bindings'),
  scp('RBP-1', 'ShowResourcePolicy', 'GET', '/v1/resource-policies/{srn}'),
  scp('RBP-2', 'SetResourcePolicy', 'PUT', '/v1/resource-policies/{srn}'),
  scp('RBP-3', 'DeleteResourcePolicy', 'DELETE', '/v1/resource-policies/{srn}'),
  scp('RBS-1', 'AddResourcePolicyStatement', 'POST', '/v1/resource-policies/{srn}/statements'),
  scp('RBS-2', 'SetResourcePolicyStatement', 'PUT', '/v1/resource-policies/{srn}/statements/{sid}'),
  scp('RBS-3', 'RemoveResourcePolicyStatement', 'DELETE', '/v1/resource-policies/{srn}/statements/{sid}'),
  scp('ROL-1', 'CreateRole', 'POST', '/v1/roles'),
  scp('ROL-2', 'GetRole', 'GET', '/v1/roles/{role_id}'),
  scp('ROL-3', 'ListRoles', 'GET', '/v1/roles'),
  scp('ROL-4', 'SetRole', 'PUT', '/v1/roles/{role_id}'),
  scp('ROL-5', 'DeleteRole', 'DELETE', '/v1/roles/{role_id}'),
  scp('ROL-6', 'DeleteRolesBulk', 'DELETE', '/v1/roles/bulk'),
  scp('ROL-7', 'SetRoleTrustPolicy', 'PUT', '/v1/roles/{role_id}/trust-policy'),
  scp('RPB-1', 'AttachRolePolicies', 'POST', '/v1/roles/{role_id}/policy-bindings'),
  scp('RPB-2', 'ListRolePolicies', 'GET', '/v1/roles/{role_id}/policy-bindings'),
  scp('RPB-3', 'DetachRolePolicies', 'DELETE', '/v1/roles/{role_id}/policy-bindings'),
  scp('RPB-4', 'DetachRolePolicy', 'DELETE', '/v1/roles/{role_id}/policy-bindings/{policy_id}'),
  scp('SAML-1', 'CreateSamlProvider', 'POST', '/v1/saml-providers'),
  scp('SAML-2', 'GetSamlProvider', 'GET', '/v1/saml-providers/{saml_provider_id}'),
  scp('SAML-3', 'ListSamlProviders', 'GET', '/v1/saml-providers'),
  scp('SAML-4', 'UpdateSamlProvider', 'PUT', '/v1/saml-providers/{saml_provider_id}'),
  scp('SAML-5', 'DeleteSamlProvidersBulk', 'DELETE', '/v1/saml-providers/bulk'),
  scp('SA-1', 'GetServiceAccount', 'GET', '/v1/service-accounts/{service_account_id}'),
  scp('SA-2', 'ListServiceAccounts', 'GET', '/v1/service-accounts'),
  scp('EP-1', 'ListEndpoints', 'GET', '/v1/endpoints'),
] as const satisfies readonly ScpRoute[]

export type ScpOperationId = (typeof SCP_ROUTES)[number]['operationId']

export const SCP_ROUTE_BY_OPERATION: ReadonlyMap<string, ScpRoute> = new Map(SCP_ROUTES.map((route) => [route.operationId, route]))

/** The SRN resource type each id parameter names (field-by-field SRN ↔ canonical mapping, domain/authz/srn.ts). */
export const SCP_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  access_key_id: 'access-key',
  user_id: 'user',
  group_id: 'group',
  policy_id: 'policy',
  role_id: 'role',
  saml_provider_id: 'saml-provider',
  service_account_id: 'service-account',
}

/** IAM resources are region-less; their SRN service. */
export const SCP_IAM_SERVICE = 'iam'

/** The canonical resource of an IAM resource of an account. */
export function scpIamResource(account: string, type: string, id: string): string {
  return renderResource({ orgId: account, region: NO_REGION, service: SCP_IAM_SERVICE, type, id })
}

/**
 * The resource a request authorizes on. `params` are the canonical path parameters (`srn` decoded to its text);
 * undefined when the SRN is malformed (the caller answers 400 before asking).
 */
export function scpRouteResource(route: ScpRoute, account: string, params: Readonly<Record<string, string>>): string | undefined {
  if (params.srn !== undefined) {
    const srn = parseSrn(params.srn)
    return srn ? srnToResource(srn, { account }) : undefined
  }
  const names = [...route.path.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1] as string)
  const primary = names.find((name) => name !== 'account_id' && SCP_RESOURCE_TYPES[name] !== undefined)
  if (primary === undefined) return organizationResource(params.account_id ?? account)
  return scpIamResource(params.account_id ?? account, SCP_RESOURCE_TYPES[primary] as string, params[primary] as string)
}
