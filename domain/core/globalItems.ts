// The closed list of global index items (DESIGN §3). Every other key of every table starts with an organization
// id; these alone start with `~<scope>#` and hold only ids (and, for system items, names and positions).
// A test scans the tables after the suite and asserts that no other key shape exists.
import type { StateKey } from './ports.js'

export const GLOBAL_SCOPES = {
  /** Credential by SHA-256 of its secret → {organizationId, credentialId, principalId}. */
  credentialBySecretHash: '~cred',
  /** Credential by access key (Scaleway `SCW…`, SCP access key) → {organizationId, credentialId, principalId}. */
  credentialByAccessKey: '~accesskey',
  /** OIDC subject (issuer + sub) → memberships (organization and principal ids); the person's (global user's) state item and stream. */
  oidcSubject: '~oidc',
  /** E-mail domain → organization id. */
  emailDomain: '~emaildomain',
  /** Organization alias reservation → organization id (set once). */
  organizationAlias: '~alias',
  /** Organization name reservation → organization id, where a surface requires unique names. */
  organizationName: '~orgname',
  /** Connection / invitation token hash → organization and principal ids. */
  connectionToken: '~conntoken',
  /** Authentication failure counters per source or key (TTL), before any organization is known. */
  rateLimit: '~ratelimit',
  /** The credential expiry index the sweep reads (projections/credentialExpiry.ts): ids and expiry times by day and shard. */
  credentialExpiry: '~expiry',
  /** nscale: every organization's id (one item per organization), for the platform administrators' organization list. */
  nscaleOrganizations: '~nscaleorg',
  /** SCP signed writes seen (SHA-256 of `Scp-Signature`, TTL past the timestamp window): a replayed write is refused. */
  scpSignature: '~scpsig',
  /** Machinery: projector checkpoints and projection pointers (names and stream positions, no tenant data). */
  system: '~system',
  /** Signing keys per purpose (functions/auth/signingKeys.ts): their stream, public and sealed private keys, data key. */
  signingKey: '~signingkey',
  /** OAuth2 clients of the nscale OIDC provider (system-wide, registered by the CLI): their stream and item (secret hash). */
  oauth2Client: '~oauth2client',
  /** OIDC provider sessions per (person, client), single-use codes, login states and signup tokens: hashes and ids, with TTL. */
  oidcSession: '~oidcsession',
} as const

export type GlobalScope = (typeof GLOBAL_SCOPES)[keyof typeof GLOBAL_SCOPES]

const SCOPES: ReadonlySet<string> = new Set(Object.values(GLOBAL_SCOPES))

/** The partition key of a global item: `~scope#value`. */
export function globalPk(scope: GlobalScope, value: string): string {
  return `${scope}#${value}`
}

export function isGlobalPk(pk: string): boolean {
  const end = pk.indexOf('#')
  return SCOPES.has(end < 0 ? pk : pk.slice(0, end))
}

export const globalKeys = {
  credentialBySecretHash: (sha256Hex: string): StateKey => ({ pk: globalPk(GLOBAL_SCOPES.credentialBySecretHash, sha256Hex), sk: 'credential' }),
  credentialByAccessKey: (accessKey: string): StateKey => ({ pk: globalPk(GLOBAL_SCOPES.credentialByAccessKey, accessKey), sk: 'credential' }),
  organizationAlias: (alias: string): StateKey => ({ pk: globalPk(GLOBAL_SCOPES.organizationAlias, alias), sk: 'reservation' }),
  scpSignature: (sha256Hex: string): StateKey => ({ pk: globalPk(GLOBAL_SCOPES.scpSignature, sha256Hex), sk: 'signature' }),
  organizationName: (name: string): StateKey => ({ pk: globalPk(GLOBAL_SCOPES.organizationName, name.toLowerCase()), sk: 'reservation' }),
}
