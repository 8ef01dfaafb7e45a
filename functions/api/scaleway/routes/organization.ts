// Permission sets, check-permissions, quotas, logs, SSH keys, organizations and security settings.
import { createRoute } from '@hono/zod-openapi'
import { GetQuotumQuery, ListQuotaQuery, ListQuotaResponse, QuotumParams, Quotum } from '../schemas/quotas.js'
import { CheckPermissionsBody, CheckPermissionsResponse, ListPermissionSetsQuery, ListPermissionSetsResponse } from '../schemas/permissionSets.js'
import { ListLogsQuery, ListLogsResponse, Log, LogParams } from '../schemas/logs.js'
import { CreateSSHKeyBody, ListSSHKeysQuery, ListSSHKeysResponse, SSHKey, SSHKeyParams, UpdateSSHKeyBody } from '../schemas/sshKeys.js'
import {
  Organization, OrganizationParams, OrganizationSecuritySettings, SetOrganizationAliasBody, UpdateOrganizationLoginMethodsBody,
  UpdateOrganizationSecuritySettingsBody,
} from '../schemas/organizations.js'
import { jsonBody, noContent, ok } from './define.js'

export const permissionRoutes = {
  ListPermissionSets: createRoute({
    method: 'get', path: '/permission-sets', operationId: 'ListPermissionSets', tags: ['Permission sets'], summary: 'List permission sets',
    request: { query: ListPermissionSetsQuery }, responses: ok(ListPermissionSetsResponse),
  }),
  CheckPermissions: createRoute({
    method: 'post', path: '/check-permissions', operationId: 'CheckPermissions',
    summary: "Check the caller's permissions",
    request: { body: jsonBody(CheckPermissionsBody) }, responses: ok(CheckPermissionsResponse),
  }),
}

export const quotaRoutes = {
  ListQuota: createRoute({
    method: 'get', path: '/quota', operationId: 'ListQuota', tags: ['Quotas'], summary: 'List all quotas in the Organization',
    request: { query: ListQuotaQuery }, responses: ok(ListQuotaResponse),
  }),
  GetQuotum: createRoute({
    method: 'get', path: '/quota/{quotum_name}', operationId: 'GetQuotum', tags: ['Quotas'], summary: 'Get a quota in the Organization',
    request: { params: QuotumParams, query: GetQuotumQuery }, responses: ok(Quotum),
  }),
}

export const logRoutes = {
  ListLogs: createRoute({
    method: 'get', path: '/logs', operationId: 'ListLogs', tags: ['Logs'], summary: 'List logs',
    request: { query: ListLogsQuery }, responses: ok(ListLogsResponse),
  }),
  GetLog: createRoute({
    method: 'get', path: '/logs/{log_id}', operationId: 'GetLog', tags: ['Logs'], summary: 'Get a log',
    request: { params: LogParams }, responses: ok(Log),
  }),
}

const sshTags = ['SSH Keys']

export const sshKeyRoutes = {
  ListSSHKeys: createRoute({
    method: 'get', path: '/ssh-keys', operationId: 'ListSSHKeys', tags: sshTags, summary: 'List SSH keys',
    request: { query: ListSSHKeysQuery }, responses: ok(ListSSHKeysResponse),
  }),
  CreateSSHKey: createRoute({
    method: 'post', path: '/ssh-keys', operationId: 'CreateSSHKey', tags: sshTags, summary: 'Create an SSH key',
    request: { body: jsonBody(CreateSSHKeyBody) }, responses: ok(SSHKey),
  }),
  GetSSHKey: createRoute({
    method: 'get', path: '/ssh-keys/{ssh_key_id}', operationId: 'GetSSHKey', tags: sshTags, summary: 'Get an SSH key',
    request: { params: SSHKeyParams }, responses: ok(SSHKey),
  }),
  UpdateSSHKey: createRoute({
    method: 'patch', path: '/ssh-keys/{ssh_key_id}', operationId: 'UpdateSSHKey', tags: sshTags, summary: 'Update an SSH key',
    request: { params: SSHKeyParams, body: jsonBody(UpdateSSHKeyBody) }, responses: ok(SSHKey),
  }),
  DeleteSSHKey: createRoute({
    method: 'delete', path: '/ssh-keys/{ssh_key_id}', operationId: 'DeleteSSHKey', tags: sshTags, summary: 'Delete an SSH key',
    request: { params: SSHKeyParams }, responses: noContent,
  }),
}

const settingsTags = ['Security Settings']

export const organizationRoutes = {
  GetOrganization: createRoute({
    method: 'get', path: '/organizations/{organization_id}', operationId: 'GetOrganization',
    summary: "Get your Organization's IAM information",
    request: { params: OrganizationParams }, responses: ok(Organization),
  }),
  SetOrganizationAlias: createRoute({
    method: 'put', path: '/organizations/{organization_id}/alias', operationId: 'SetOrganizationAlias',
    summary: "Set your Organization's alias.",
    request: { params: OrganizationParams, body: jsonBody(SetOrganizationAliasBody) }, responses: ok(Organization),
  }),
  UpdateOrganizationLoginMethods: createRoute({
    method: 'patch', path: '/organizations/{organization_id}/login-methods', operationId: 'UpdateOrganizationLoginMethods',
    summary: "Set your Organization's allowed login methods.",
    request: { params: OrganizationParams, body: jsonBody(UpdateOrganizationLoginMethodsBody) }, responses: ok(Organization),
  }),
  GetOrganizationSecuritySettings: createRoute({
    method: 'get', path: '/organizations/{organization_id}/security-settings', operationId: 'GetOrganizationSecuritySettings',
    tags: settingsTags, summary: 'Get security settings of an Organization',
    request: { params: OrganizationParams }, responses: ok(OrganizationSecuritySettings),
  }),
  UpdateOrganizationSecuritySettings: createRoute({
    method: 'patch', path: '/organizations/{organization_id}/security-settings', operationId: 'UpdateOrganizationSecuritySettings',
    tags: settingsTags, summary: 'Update the security settings of an Organization',
    request: { params: OrganizationParams, body: jsonBody(UpdateOrganizationSecuritySettingsBody) }, responses: ok(OrganizationSecuritySettings),
  }),
}
