// A valid request for every authenticated route of the route table, built from the ids of an organization's
// resources: authorization must be what decides (a malformed request would be refused before it, with a 400).
// A route added without a sample here fails the suites that use it, naming the route.
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { normalizeId } from '../../../domain/core/ids.js'
import type { ClassifiedRoute } from '../../../functions/api/routeTable.js'
import * as samlCertificates from '../../fixtures/samlCertificates.js'

/** Ids of one organization's resources, as dashed UUIDs (access keys and quota names as they are). */
export interface ResourceIds {
  organization_id: string
  user_id: string
  application_id: string
  group_id: string
  policy_id: string
  ssh_key_id: string
  access_key: string
  log_id: string
  jti: string
  saml_id: string
  certificate_id: string
  quotum_name: string
}

export interface HttpRequest {
  method: string
  /** Path with the query string. */
  path: string
  body?: unknown
}

/** Ids nobody holds: the "non-existent" twin of an organization's resources. */
export function unknownIds(): ResourceIds {
  return {
    organization_id: randomUUID(), user_id: randomUUID(), application_id: randomUUID(), group_id: randomUUID(), policy_id: randomUUID(),
    ssh_key_id: randomUUID(), access_key: `SCW${randomUUID().replaceAll('-', '').slice(0, 17).toUpperCase()}`, log_id: randomUUID(),
    jti: randomUUID(), saml_id: randomUUID(), certificate_id: randomUUID(), quotum_name: 'groups',
  }
}

const unique = () => randomUUID().slice(0, 8)

export function ed25519PublicKey(): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' })
  const part = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes])
  const blob = Buffer.concat([part(Buffer.from('ssh-ed25519')), part(der.subarray(der.length - 32))])
  return `ssh-ed25519 ${blob.toString('base64')} reliability@suite`
}

type Query = Record<string, string>
type Sample = (ids: ResourceIds) => { query?: Query; body?: unknown }

const org = (ids: ResourceIds): Query => ({ organization_id: ids.organization_id })
const rules = (ids: ResourceIds) => [{ permission_set_names: ['IAMReadOnly'], organization_id: ids.organization_id }]
const canonical = (id: string) => normalizeId(id) ?? id

/** Query and body of each operation; path parameters come from `ResourceIds` by name. */
const SAMPLES: Record<string, Sample> = {
  ListAPIKeys: (ids) => ({ query: org(ids) }),
  CreateAPIKey: (ids) => ({ body: { application_id: ids.application_id, description: 'matrix' } }),
  GetAPIKey: () => ({}),
  UpdateAPIKey: () => ({ body: { description: 'changed' } }),
  DeleteAPIKey: () => ({}),

  ListApplications: (ids) => ({ query: org(ids) }),
  CreateApplication: (ids) => ({ body: { organization_id: ids.organization_id, name: `app-${unique()}` } }),
  GetApplication: () => ({}),
  UpdateApplication: () => ({ body: { name: `renamed-${unique()}` } }),
  DeleteApplication: () => ({}),

  ListUsers: (ids) => ({ query: org(ids) }),
  CreateUser: (ids) => ({ body: { organization_id: ids.organization_id, email: `user-${unique()}@example.com` } }),
  GetUser: () => ({}),
  UpdateUser: () => ({ body: { tags: ['changed'] } }),
  DeleteUser: () => ({}),
  UpdateUserUsername: () => ({ body: { username: `user-${unique()}` } }),
  UpdateUserPassword: () => ({ body: { password: `Pw-${randomUUID()}` } }),
  LockUser: () => ({ body: {} }),
  UnlockUser: () => ({ body: {} }),

  ListGroups: (ids) => ({ query: org(ids) }),
  CreateGroup: (ids) => ({ body: { organization_id: ids.organization_id, name: `group-${unique()}` } }),
  GetGroup: () => ({}),
  UpdateGroup: () => ({ body: { name: `renamed-${unique()}` } }),
  DeleteGroup: () => ({}),
  AddGroupMember: (ids) => ({ body: { user_id: ids.user_id } }),
  AddGroupMembers: (ids) => ({ body: { user_ids: [ids.user_id], application_ids: [ids.application_id] } }),
  SetGroupMembers: () => ({ body: { user_ids: [], application_ids: [] } }),
  RemoveGroupMember: (ids) => ({ body: { user_id: ids.user_id } }),

  ListPolicies: (ids) => ({ query: org(ids) }),
  CreatePolicy: (ids) => ({ body: { organization_id: ids.organization_id, name: `policy-${unique()}`, no_principal: true, rules: rules(ids) } }),
  GetPolicy: () => ({}),
  UpdatePolicy: () => ({ body: { name: `renamed-${unique()}` } }),
  DeletePolicy: () => ({}),
  ClonePolicy: () => ({ body: {} }),
  ListRules: (ids) => ({ query: { policy_id: ids.policy_id } }),
  SetRules: (ids) => ({ body: { policy_id: ids.policy_id, rules: rules(ids) } }),

  ListPermissionSets: (ids) => ({ query: org(ids) }),
  CheckPermissions: (ids) => ({ body: { permissions: [{ service: 'iam', name: 'users', action: 'list', organization_id: ids.organization_id }] } }),

  ListQuota: (ids) => ({ query: org(ids) }),
  GetQuotum: (ids) => ({ query: org(ids) }),

  ListLogs: (ids) => ({ query: org(ids) }),
  GetLog: () => ({}),

  ListSSHKeys: (ids) => ({ query: org(ids) }),
  CreateSSHKey: (ids) => ({ body: { name: `key-${unique()}`, public_key: ed25519PublicKey(), project_id: ids.organization_id } }),
  GetSSHKey: () => ({}),
  UpdateSSHKey: () => ({ body: { name: `renamed-${unique()}` } }),
  DeleteSSHKey: () => ({}),

  GetOrganization: () => ({}),
  SetOrganizationAlias: () => ({ body: { alias: `alias${unique().replace(/[^a-z0-9]/g, '')}` } }),
  UpdateOrganizationLoginMethods: () => ({ body: { login_password_enabled: true } }),
  GetOrganizationSecuritySettings: () => ({}),
  UpdateOrganizationSecuritySettings: () => ({ body: { enforce_password_renewal: false } }),

  ListGracePeriods: (ids) => ({ query: { user_id: ids.user_id } }),

  CreateUserMFAOTP: () => ({ body: {} }),
  ValidateUserMFAOTP: () => ({ body: { one_time_password: '123456' } }),
  DeleteUserMFAOTP: () => ({}),

  GetUserConnections: () => ({}),
  InitiateUserConnection: () => ({ body: {} }),
  JoinUserConnection: () => ({ body: { token: `token-${randomUUID()}` } }),
  RemoveUserConnection: () => ({ body: { target_user_id: randomUUID() } }),

  ListJWTs: () => ({}),
  CreateJWT: (ids) => ({ body: { user_id: ids.user_id, referrer: 'matrix' } }),
  // The sign-in extension's public routes: a user nobody has, so that fuzzed variants never sign in or lock anyone.
  SignInPage: () => ({}),
  Login: (ids) => ({ body: { organization_id: ids.organization_id, username: `nobody-${unique()}`, password: `Pw-${randomUUID()}` } }),
  RefreshSession: () => ({ body: { renew_token: `scwrt_${randomUUID()}` } }),
  GetJWT: () => ({}),
  DeleteJWT: () => ({}),

  GetOrganizationSaml: () => ({}),
  EnableOrganizationSaml: () => ({ body: {} }),
  UpdateSaml: () => ({ body: { entity_id: `https://idp.example.com/${unique()}` } }),
  DeleteSaml: () => ({}),
  ListSamlCertificates: () => ({}),
  AddSamlCertificate: () => ({ body: { type: 'signing', content: samlCertificates.other } }),
  GetSamlCertificate: () => ({}),
  DeleteSamlCertificate: () => ({}),

  AuthzCheck: (ids) => ({
    body: {
      principal: { organization_id: ids.organization_id, kind: 'user', id: ids.user_id },
      checks: [{ action: 'iam:users:list', resource: `org/${canonical(ids.organization_id)}` }],
    },
  }),
  AuthzExplain: (ids) => ({
    body: { principal: { organization_id: ids.organization_id, kind: 'user', id: ids.user_id }, action: 'iam:users:list', resource: `org/${canonical(ids.organization_id)}` },
  }),
}

export function hasSample(route: ClassifiedRoute): boolean {
  return route.operationId !== undefined && route.operationId in SAMPLES
}

/** The path with its parameters filled from `ids`. */
export function fillPath(path: string, ids: Partial<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = ids[name]
    if (value === undefined) throw new Error(`no id for path parameter {${name}} of ${path}: add it to ResourceIds`)
    return encodeURIComponent(value)
  })
}

/** A valid request for the route on the organization and resources `ids` names. */
export function sampleRequest(route: ClassifiedRoute, ids: ResourceIds): HttpRequest {
  const sample = route.operationId ? SAMPLES[route.operationId] : undefined
  if (!sample) throw new Error(`no sample request for ${route.operationId ?? `${route.method} ${route.path}`}: add one to test/reliability/support/requests.ts`)
  const { query, body } = sample(ids)
  const search = query ? `?${new URLSearchParams(query).toString()}` : ''
  return { method: route.method, path: `${fillPath(route.path, ids as unknown as Record<string, string>)}${search}`, ...(body !== undefined ? { body } : {}) }
}

/** True when the request names an organization or a resource: something another tenant could aim at. */
export function namesTarget(route: ClassifiedRoute): boolean {
  if (/\{[^}]+\}/.test(route.path)) return true
  const { query, body } = SAMPLES[route.operationId ?? '']?.(unknownIds()) ?? {}
  return JSON.stringify({ query, body }).includes('_id')
}
