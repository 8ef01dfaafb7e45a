// The process configuration (DESIGN §9), parsed once from the environment. Every variable has a default that
// makes `npm start` work on a fresh clone; an invalid value stops the process at start with a message that
// names the variable, what it must be and what it got.
import { join } from 'node:path'
import { normalizeId, type Id } from '../domain/core/ids.js'
import { OAUTH2_PROVIDER_TYPES, type Oauth2ProviderType } from '../domain/nscale/oauth2Provider/events.js'
import { parseSystemAccountRoles, RBAC_CONFIG, type Role } from '../domain/nscale/rbac/config.js'
import { SCALEWAY_ACCESS_KEY } from './store/secrets.js'

export interface BootstrapSettings {
  /** Canonical 32-hex; generated when unset. */
  organizationId?: Id
  /** `SCW` + 17 of [A-Z0-9]; generated when unset. */
  accessKey?: string
  /** A UUID; generated when unset. Never logged. */
  secretKey?: string
}

export interface Config {
  port: number
  host: string
  /** Absolute base URL without a trailing slash (OIDC issuer, SCP signature base, SCP links). */
  publicUrl: string
  /** Embedded DynamoDB Local's data directory; undefined = in memory. */
  dataDir?: string
  /** An external DynamoDB (or DynamoDB Local); when set, nothing is started. */
  dynamodbEndpoint?: string
  tablePrefix: string
  /** Local master key file shared by the server and the CLI (unused when kmsKeyId is set). */
  keyFile: string
  /** On AWS: the KMS key that wraps the organizations' data keys. */
  kmsKeyId?: string
  /** Where generated bootstrap credentials are written. */
  bootstrapFile: string
  consistencyWaitMs: number
  /** Failed authentications per source or key per minute before 429. */
  authFailLimit: number
  maxBodyBytes: number
  bootstrap: BootstrapSettings
  /** Local sweep interval; 0 disables the local sweep loop. */
  sweepIntervalSeconds: number
  auditWebhookUrl?: string
  /** On AWS: the sender address of notification e-mails (SES); unset = the local outbox. */
  sesFrom?: string
  /** nscale platform administrators: token subjects (e-mails, service-account ids) holding the platform roles. */
  nscalePlatformAdminSubjects: string[]
  /** Platform services' roles by OAuth2 client id (IAM_NSCALE_SYSTEM_ACCOUNT_ROLES). */
  nscaleSystemAccountRoles: Map<string, Role[]>
  /** The nscale OIDC provider (functions/oidc). */
  nscaleOidc: NscaleOidcSettings
  /** SCP signed requests: the largest accepted |Scp-Timestamp − now| in ms. */
  scpMaxSkewMs: number
  /** Refuse SCP API versions 1.0/1.1 past their documented "supported until" dates. */
  scpEnforceSunset: boolean
  /** `scp:RequestedRegion` of SCP requests this deployment serves. */
  scpRegion: string
  /** The environment token of the SRNs this deployment renders (`srn:{env}::…`). */
  scpSrnEnv: string
}

/** A system-wide upstream OIDC provider people may sign in with (spec §5.4 `provider`). */
export interface SystemOidcProvider {
  /** What the login form's provider choice sends (`google`, `corp` …). */
  name: string
  /** `google`, `microsoft` or `github` (spec §4.9): what a client's own login page sends as `provider`. */
  type?: Oauth2ProviderType
  issuer: string
  clientId: string
  clientSecret?: string
}

export interface NscaleOidcSettings {
  accessTokenSeconds: number
  refreshTokenDays: number
  systemProviders: SystemOidcProvider[]
  /** OAuth2 client ids allowed the client_credentials grant (platform services). */
  platformClients: string[]
  /** Whether people unknown to every organization may onboard (create their own organization, spec §5.6). */
  accountCreation: boolean
  /** Spec §5.11: a person an organization adds, whom no organization knew, is pending until they follow an e-mailed link. */
  emailVerification: boolean
  /** The OAuth2 client whose homeUri/errorUri a signup link leads to when the creator's token names none. */
  signupClientId?: string
  /** Spec §5.6 step 4: the webhook told of each onboarding before the membership becomes active. */
  onboardingWebhook?: { url: string; token?: string }
}

export type Environment = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** One row of the configuration table: the README's table lists the same rows. */
export interface ConfigVariable {
  name: string
  default: string
  meaning: string
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', meaning: 'HTTP port of the local server' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface the local server binds' },
  { name: 'IAM_PUBLIC_URL', default: 'http://${HOST}:${PORT}', meaning: 'public base URL (OIDC issuer, SCP links and signatures)' },
  { name: 'IAM_DATA_DIR', default: '(unset: in memory)', meaning: 'embedded DynamoDB Local data directory' },
  { name: 'DYNAMODB_ENDPOINT', default: '(unset: embedded)', meaning: 'use this DynamoDB endpoint and start nothing' },
  { name: 'IAM_TABLE_PREFIX', default: 'iam-', meaning: 'prefix of the three table names' },
  { name: 'IAM_KEY_FILE', default: '${IAM_DATA_DIR:-.iam}/master.key', meaning: 'local master key (mode 0600) shared by server and CLI' },
  { name: 'IAM_KMS_KEY_ID', default: '(unset: use IAM_KEY_FILE)', meaning: 'KMS key that wraps data keys instead of the key file (AWS)' },
  { name: 'IAM_CONSISTENCY_WAIT_MS', default: '2000', meaning: 'longest wait for a consistency token' },
  { name: 'IAM_AUTH_FAIL_LIMIT', default: '20', meaning: 'failed authentications per source or key per minute' },
  { name: 'IAM_MAX_BODY_BYTES', default: '1048576', meaning: 'larger request bodies get 413' },
  { name: 'IAM_BOOTSTRAP_ORGANIZATION_ID', default: '(generated)', meaning: 'first organization id' },
  { name: 'IAM_BOOTSTRAP_ACCESS_KEY', default: '(generated)', meaning: 'owner API key access key (SCW + 17 of [A-Z0-9])' },
  { name: 'IAM_BOOTSTRAP_SECRET_KEY', default: '(generated)', meaning: 'owner API key secret (a UUID)' },
  { name: 'IAM_SWEEP_INTERVAL_SECONDS', default: '300', meaning: 'local expiry sweep interval; 0 disables it' },
  { name: 'IAM_SES_FROM', default: '(unset: local outbox)', meaning: 'sender address of notification e-mails through SES' },
  { name: 'IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS', default: '(unset: none)', meaning: 'comma-separated nscale platform administrators (e-mails or service-account ids)' },
  { name: 'IAM_SCP_MAX_SKEW_MS', default: '300000', meaning: 'SCP signatures: largest accepted Scp-Timestamp skew (ms)' },
  { name: 'IAM_SCP_ENFORCE_SUNSET', default: '0', meaning: '1 = refuse SCP API versions 1.0/1.1 past their documented sunset dates' },
  { name: 'IAM_SCP_REGION', default: 'kr-west1', meaning: 'scp:RequestedRegion of SCP requests (policy conditions)' },
  { name: 'IAM_SCP_SRN_ENV', default: 'local', meaning: 'environment token of the SRNs the SCP surface renders' },
  { name: 'IAM_NSCALE_ACCESS_TOKEN_SECONDS', default: '3600', meaning: 'lifetime of nscale OIDC access and ID tokens' },
  { name: 'IAM_NSCALE_REFRESH_TOKEN_DAYS', default: '90', meaning: 'lifetime of an nscale OIDC session (its refresh tokens)' },
  { name: 'IAM_NSCALE_OIDC_PROVIDERS', default: '(unset: none)', meaning: 'JSON list of system upstream OIDC providers `[{name, type?, issuer, clientId, clientSecret}]`' },
  { name: 'IAM_NSCALE_PLATFORM_CLIENTS', default: '(unset: none)', meaning: 'comma-separated OAuth2 client ids allowed the client_credentials grant' },
  { name: 'IAM_NSCALE_SYSTEM_ACCOUNT_ROLES', default: '(unset: none)', meaning: 'roles of platform services: `<client id>=<role>[+<role>]`, comma-separated (roles.json names or ids); their client-credentials tokens hold those roles\' global scopes' },
  { name: 'IAM_NSCALE_ACCOUNT_CREATION', default: '0', meaning: '1: people unknown to every organization may onboard (`POST /oauth2/v2/onboard` creates their organization); otherwise it answers 400' },
  { name: 'IAM_NSCALE_USER_EMAIL_VERIFICATION', default: '0', meaning: '1: a person an nscale organization adds, whom no organization knew, is pending until they follow the e-mailed signup link (`GET /api/v1/signup`)' },
  { name: 'IAM_NSCALE_SIGNUP_CLIENT_ID', default: '(unset: none)', meaning: 'OAuth2 client named in signup links when the creating token is not an OIDC token (its homeUri/errorUri receive the person)' },
  { name: 'IAM_NSCALE_ONBOARDING_WEBHOOK_URL', default: '(unset: none)', meaning: 'onboarding POSTs the new organization and person here and needs a 201 before the membership becomes active' },
  { name: 'IAM_NSCALE_ONBOARDING_WEBHOOK_TOKEN', default: '(unset: none)', meaning: 'bearer token sent to the onboarding webhook (a secret: never logged)' },
  { name: 'IAM_AUDIT_WEBHOOK_URL', default: '(unset)', meaning: 'local webhook that receives every event envelope' },
]

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function loadConfig(env: Environment = process.env): Config {
  const problems: string[] = []
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const integer = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = read(name)
    if (raw === undefined) return fallback
    const value = Number(raw)
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`)
      return fallback
    }
    return value
  }
  const url = (name: string): string | undefined => {
    const raw = read(name)
    if (raw === undefined) return undefined
    if (!isHttpUrl(raw)) problems.push(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`)
    return raw.replace(/\/+$/, '')
  }

  const port = integer('PORT', 8080, 1, 65_535)
  const host = read('HOST') ?? '127.0.0.1'
  const dataDir = read('IAM_DATA_DIR')
  const stateDir = dataDir ?? '.iam'
  const publicUrl = url('IAM_PUBLIC_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  const bootstrap: BootstrapSettings = {}
  const organizationId = read('IAM_BOOTSTRAP_ORGANIZATION_ID')
  if (organizationId !== undefined) {
    const id = normalizeId(organizationId)
    if (id) bootstrap.organizationId = id
    else problems.push(`IAM_BOOTSTRAP_ORGANIZATION_ID must be a UUID or 32 hex digits, got ${JSON.stringify(organizationId)}`)
  }
  const accessKey = read('IAM_BOOTSTRAP_ACCESS_KEY')
  if (accessKey !== undefined) {
    if (SCALEWAY_ACCESS_KEY.test(accessKey)) bootstrap.accessKey = accessKey
    else problems.push('IAM_BOOTSTRAP_ACCESS_KEY must be SCW followed by 17 characters of [A-Z0-9]')
  }
  const secretKey = read('IAM_BOOTSTRAP_SECRET_KEY')
  if (secretKey !== undefined) {
    // The value itself is a secret: the message never repeats it.
    if (UUID_PATTERN.test(secretKey)) bootstrap.secretKey = secretKey.toLowerCase()
    else problems.push('IAM_BOOTSTRAP_SECRET_KEY must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')
  }

  const config: Config = {
    port,
    host,
    publicUrl,
    dataDir,
    dynamodbEndpoint: url('DYNAMODB_ENDPOINT'),
    tablePrefix: read('IAM_TABLE_PREFIX') ?? 'iam-',
    keyFile: read('IAM_KEY_FILE') ?? join(stateDir, 'master.key'),
    kmsKeyId: read('IAM_KMS_KEY_ID'),
    bootstrapFile: join(stateDir, 'bootstrap.json'),
    consistencyWaitMs: integer('IAM_CONSISTENCY_WAIT_MS', 2_000, 0, 60_000),
    authFailLimit: integer('IAM_AUTH_FAIL_LIMIT', 20, 1),
    maxBodyBytes: integer('IAM_MAX_BODY_BYTES', 1_048_576, 1),
    bootstrap,
    sweepIntervalSeconds: integer('IAM_SWEEP_INTERVAL_SECONDS', 300, 0),
    auditWebhookUrl: url('IAM_AUDIT_WEBHOOK_URL'),
    sesFrom: read('IAM_SES_FROM'),
    nscalePlatformAdminSubjects: (read('IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS') ?? '').split(',').map((subject) => subject.trim()).filter(Boolean),
    nscaleSystemAccountRoles: systemAccountRoles(read('IAM_NSCALE_SYSTEM_ACCOUNT_ROLES'), problems),
    nscaleOidc: {
      accessTokenSeconds: integer('IAM_NSCALE_ACCESS_TOKEN_SECONDS', 3600, 60, 7 * 86_400),
      refreshTokenDays: integer('IAM_NSCALE_REFRESH_TOKEN_DAYS', 90, 1, 3650),
      systemProviders: systemOidcProviders(read('IAM_NSCALE_OIDC_PROVIDERS'), problems),
      platformClients: (read('IAM_NSCALE_PLATFORM_CLIENTS') ?? '').split(',').map((client) => client.trim()).filter(Boolean),
      accountCreation: read('IAM_NSCALE_ACCOUNT_CREATION') === '1',
      emailVerification: read('IAM_NSCALE_USER_EMAIL_VERIFICATION') === '1',
      signupClientId: read('IAM_NSCALE_SIGNUP_CLIENT_ID'),
      onboardingWebhook: onboardingWebhook(url('IAM_NSCALE_ONBOARDING_WEBHOOK_URL'), read('IAM_NSCALE_ONBOARDING_WEBHOOK_TOKEN')),
    },
    scpMaxSkewMs: integer('IAM_SCP_MAX_SKEW_MS', 300_000, 1_000, 86_400_000),
    scpEnforceSunset: read('IAM_SCP_ENFORCE_SUNSET') === '1',
    scpRegion: read('IAM_SCP_REGION') ?? 'kr-west1',
    scpSrnEnv: read('IAM_SCP_SRN_ENV') ?? 'local',
  }
  if (!/^[A-Za-z0-9_.-]{0,200}$/.test(config.tablePrefix)) {
    problems.push(`IAM_TABLE_PREFIX may hold only [A-Za-z0-9_.-], got ${JSON.stringify(config.tablePrefix)}`)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

let cached: Config | undefined

/** The configuration of this process, parsed on first use. */
export function configFromEnvironment(): Config {
  cached ??= loadConfig(process.env)
  return cached
}

function systemOidcProviders(raw: string | undefined, problems: string[]): SystemOidcProvider[] {
  if (raw === undefined) return []
  const problem = 'IAM_NSCALE_OIDC_PROVIDERS must be a JSON list of {name, type? (google|microsoft|github), issuer (http(s) URL), clientId, clientSecret?}'
  try {
    const parsed: unknown = JSON.parse(raw)
    const valid = (entry: any): entry is SystemOidcProvider =>
      typeof entry?.name === 'string' && /^[A-Za-z0-9_.-]{1,63}$/.test(entry.name) && typeof entry.issuer === 'string' && isHttpUrl(entry.issuer) &&
      typeof entry.clientId === 'string' && entry.clientId.length > 0 && (entry.clientSecret === undefined || typeof entry.clientSecret === 'string') &&
      (entry.type === undefined || (OAUTH2_PROVIDER_TYPES as readonly unknown[]).includes(entry.type))
    if (Array.isArray(parsed) && parsed.every(valid)) {
      return parsed.map(({ name, type, issuer, clientId, clientSecret }) => ({ name, ...(type ? { type } : {}), issuer, clientId, ...(clientSecret ? { clientSecret } : {}) }))
    }
  } catch {
    // reported below
  }
  problems.push(problem)
  return []
}

function onboardingWebhook(url: string | undefined, token: string | undefined): NscaleOidcSettings['onboardingWebhook'] {
  return url === undefined ? undefined : { url, ...(token ? { token } : {}) }
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
  } catch {
    return false
  }
}

function systemAccountRoles(text: string | undefined, problems: string[]): Map<string, Role[]> {
  const parsed = parseSystemAccountRoles(text ?? '', RBAC_CONFIG)
  problems.push(...parsed.problems)
  return parsed.roles
}
