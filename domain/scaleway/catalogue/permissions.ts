// Scaleway permissions: the (service, name, action) triples that CheckPermissions asks about and that
// permission sets grant. The engine sees a triple as the action string `service:name:action` (README.md).

/** The closed action vocabulary. `list`/`read` are the reads; `check` asks the authorization engine. */
export const PERMISSION_ACTIONS = ['list', 'read', 'create', 'write', 'delete', 'check'] as const
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number]
export const READ_ACTIONS: readonly PermissionAction[] = ['list', 'read']

/** A concrete permission, as CheckPermissions and the route map name it. */
export interface Permission {
  service: string
  name: string
  action: string
}

/** What a permission set grants: a permission whose `name` and/or `action` may be `*`. */
export type PermissionPattern = Permission

/** Where a resource name lives: the level a check on it is made at. */
export type ResourceLevel = 'organization' | 'project' | 'account_root_user'

export interface ServiceEntry {
  title: string
  /** Resource names of the service and the level each is checked at. */
  names: Readonly<Record<string, ResourceLevel>>
}

const projectLevel = (...names: string[]): Record<string, ResourceLevel> =>
  Object.fromEntries(names.map((name) => [name, 'project' as const]))

/** Every service the catalogue knows. A triple naming anything else is malformed. */
export const SERVICES: Readonly<Record<string, ServiceEntry>> = {
  iam: {
    title: 'Identity and Access Management',
    names: {
      api_keys: 'organization',
      applications: 'organization',
      users: 'organization',
      groups: 'organization',
      policies: 'organization',
      permission_sets: 'organization',
      quotas: 'organization',
      logs: 'organization',
      organizations: 'organization',
      security_settings: 'organization',
      saml: 'organization',
      saml_certificates: 'organization',
      jwts: 'organization',
      mfa_otp: 'organization',
      grace_periods: 'organization',
      connections: 'organization',
      authz: 'organization',
      ssh_keys: 'project',
    },
  },
  account: {
    title: 'Account (Organization and Projects)',
    names: { organizations: 'organization', projects: 'organization', contacts: 'account_root_user' },
  },
  billing: {
    title: 'Billing',
    names: { invoices: 'organization', consumption: 'organization', payment_methods: 'organization', alerts: 'organization' },
  },
  support: { title: 'Support tickets', names: { tickets: 'organization' } },
  abuse: { title: 'Abuse tickets', names: { tickets: 'organization' } },
  audit_trail: { title: 'Audit Trail', names: { events: 'organization', exports: 'organization' } },
  instance: {
    title: 'Instances',
    names: projectLevel('servers', 'images', 'volumes', 'snapshots', 'security_groups', 'ips', 'placement_groups', 'private_nics'),
  },
  baremetal: { title: 'Elastic Metal', names: projectLevel('servers', 'options', 'settings') },
  applesilicon: { title: 'Apple silicon', names: projectLevel('servers') },
  object_storage: { title: 'Object Storage', names: projectLevel('buckets', 'objects', 'bucket_policies') },
  block: { title: 'Block Storage', names: projectLevel('volumes', 'snapshots') },
  registry: { title: 'Container Registry', names: projectLevel('namespaces', 'images', 'tags') },
  vpc: { title: 'VPC', names: projectLevel('vpcs', 'private_networks', 'routes') },
  ipam: { title: 'IPAM', names: projectLevel('ips') },
  vpc_gw: { title: 'Public Gateways', names: projectLevel('gateways', 'gateway_networks', 'pat_rules') },
  lb: { title: 'Load Balancers', names: projectLevel('lbs', 'frontends', 'backends', 'certificates', 'acls', 'ips') },
  k8s: { title: 'Kubernetes', names: projectLevel('clusters', 'pools', 'nodes') },
  functions: { title: 'Serverless Functions', names: projectLevel('namespaces', 'functions', 'triggers', 'tokens', 'domains') },
  containers: { title: 'Serverless Containers', names: projectLevel('namespaces', 'containers', 'triggers', 'tokens', 'domains') },
  jobs: { title: 'Serverless Jobs', names: projectLevel('job_definitions', 'job_runs') },
  rdb: { title: 'Managed Databases for PostgreSQL and MySQL', names: projectLevel('instances', 'databases', 'users', 'backups', 'read_replicas', 'acls') },
  redis: { title: 'Managed Database for Redis', names: projectLevel('clusters', 'acls') },
  mongodb: { title: 'Managed MongoDB', names: projectLevel('instances', 'snapshots', 'users') },
  mnq: { title: 'Messaging and Queuing', names: projectLevel('nats_accounts', 'sqs_queues', 'sns_topics') },
  domain: { title: 'Domains and DNS', names: projectLevel('domains', 'dns_zones', 'records') },
  webhosting: { title: 'Web Hosting', names: projectLevel('hostings') },
  tem: { title: 'Transactional Email', names: projectLevel('domains', 'emails', 'webhooks') },
  cockpit: { title: 'Observability', names: projectLevel('data_sources', 'tokens', 'alerts') },
  secret_manager: { title: 'Secret Manager', names: projectLevel('secrets', 'versions') },
  key_manager: { title: 'Key Manager', names: projectLevel('keys') },
  inference: { title: 'Managed Inference', names: projectLevel('deployments', 'models') },
}

const SEGMENT = /^[a-z][a-z0-9_]*$/

/** A CheckPermissions triple arrives in any case and with stray spaces; the catalogue speaks lowercase. */
export function normalizePermission(permission: Permission): Permission {
  return {
    service: permission.service.trim().toLowerCase(),
    name: permission.name.trim().toLowerCase(),
    action: permission.action.trim().toLowerCase(),
  }
}

/** True when the triple is concrete (no wildcard) and names a known service, name and action. */
export function isKnownPermission(permission: Permission): boolean {
  return levelOf(permission) !== undefined && (PERMISSION_ACTIONS as readonly string[]).includes(permission.action)
}

/** True when the pattern is well formed: known service, known name or `*`, known action or `*`. */
export function isWellFormedPattern(pattern: PermissionPattern): boolean {
  const service = SERVICES[pattern.service]
  if (!service || !SEGMENT.test(pattern.service)) return false
  const nameOk = pattern.name === '*' || (SEGMENT.test(pattern.name) && pattern.name in service.names)
  const actionOk = pattern.action === '*' || (PERMISSION_ACTIONS as readonly string[]).includes(pattern.action)
  return nameOk && actionOk
}

/** The level a concrete permission is checked at, or undefined if the catalogue does not know it. */
export function levelOf(permission: Permission): ResourceLevel | undefined {
  return SERVICES[permission.service]?.names[permission.name]
}

/** Levels a pattern can reach: a `*` name reaches every name of its service. */
export function levelsOf(pattern: PermissionPattern): ResourceLevel[] {
  const names = SERVICES[pattern.service]?.names ?? {}
  const levels = pattern.name === '*' ? Object.values(names) : [names[pattern.name]].filter((l) => l !== undefined)
  return [...new Set(levels)]
}

/** Does the pattern grant the permission? Case-insensitive; `*` matches any name or action. */
export function patternGrants(pattern: PermissionPattern, permission: Permission): boolean {
  const p = normalizePermission(permission)
  return (
    pattern.service === p.service &&
    (pattern.name === '*' || pattern.name === p.name) &&
    (pattern.action === '*' || pattern.action === p.action)
  )
}

/**
 * The engine action string of a permission or pattern: `service:name:action`, lowercase.
 * A pattern with `*` for both name and action becomes `service:*`, so it also covers names added later.
 */
export function permissionAction(permission: PermissionPattern): string {
  const p = normalizePermission(permission)
  return p.name === '*' && p.action === '*' ? `${p.service}:*` : `${p.service}:${p.name}:${p.action}`
}

/** Parses `service:name:action` (as written in the route map). */
export function parsePermission(text: string): Permission {
  const [service, name, action, ...rest] = text.split(':')
  if (!service || !name || !action || rest.length > 0) throw new Error(`not a service:name:action permission: ${text}`)
  return { service, name, action }
}
