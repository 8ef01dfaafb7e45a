// SCP access keys are core credentials of kind `scp_access_key` (domain/core/credential): the events carry the
// access key, its type and its parent, never the secret, which is sealed by the keyring into the credential item
// (the HMAC needs it back). PERMANENT keys have no expiry (rendered 9999-12-31T23:59:59Z); TEMPORARY keys expire
// after their ISO 8601 `duration`, enforced by authentication at request time and swept (credentialExpiry).
import { credentialStreamId, issueCredential, credentialItemExtras, type Credential, type CredentialEvent } from '../../core/credential/index.js'
import { invalidArgument, isDomainError, type DomainError } from '../../core/errors.js'
import type { Extra } from '../../core/ports.js'
import type { PrincipalKind } from '../../core/principal/events.js'

export const ACCESS_KEY_TYPES = ['PERMANENT', 'TEMPORARY', 'SECRET_VAULT_TEMPORARY'] as const
export type AccessKeyType = (typeof ACCESS_KEY_TYPES)[number]

/** What a PERMANENT key shows as its expiry (the document's example). */
export const NO_EXPIRY = '9999-12-31T23:59:59Z'
/** A temporary key lives at most this long (spec §6.3 #33: our decision), and 12 hours when no duration is given. */
export const TEMPORARY_MAX_SECONDS = 7 * 24 * 3600
export const TEMPORARY_DEFAULT_SECONDS = 12 * 3600
export const ACCESS_KEY = /^[0-9a-f]{32}$/

export interface IssueScpAccessKey {
  organizationId: string
  credentialId: string
  principalId: string
  principalKind: PrincipalKind
  accessKey: string
  type: 'PERMANENT' | 'TEMPORARY'
  description?: string
  parentAccessKeyId?: string
  expiresAt?: Date
  now: Date
}

export interface ScpAccessKeyPlan {
  appends: { streamId: string; expectedVersion: number; events: CredentialEvent[] }[]
  extras: Extra[]
}

/** The credential's events and items; `sealedSecret` is the secret sealed by the keyring. */
export function planIssueScpAccessKey(command: IssueScpAccessKey, sealedSecret: string): ScpAccessKeyPlan | DomainError {
  if (!ACCESS_KEY.test(command.accessKey)) return invalidArgument('access_key', 'an SCP access key is 32 lowercase hex digits', 'format')
  const events = issueCredential({ status: 'absent' }, {
    credentialId: command.credentialId,
    organizationId: command.organizationId,
    principalId: command.principalId,
    principalKind: command.principalKind,
    kind: 'scp_access_key',
    accessKey: command.accessKey,
    description: command.description ?? '',
    ...(command.expiresAt ? { expiresAt: command.expiresAt } : {}),
    attributes: { accessKeyType: command.type, ...(command.parentAccessKeyId ? { parentAccessKeyId: command.parentAccessKeyId } : {}) },
    now: command.now,
  })
  if (isDomainError(events)) return events
  return {
    appends: [{ streamId: credentialStreamId(command.organizationId, command.credentialId), expectedVersion: 0, events }],
    extras: credentialItemExtras({ status: 'absent' }, events, { sealed: sealedSecret }),
  }
}

export function accessKeyTypeOf(credential: Pick<Credential, 'attributes'>): AccessKeyType {
  const type = credential.attributes.accessKeyType
  return typeof type === 'string' && (ACCESS_KEY_TYPES as readonly string[]).includes(type) ? (type as AccessKeyType) : 'PERMANENT'
}

export function parentAccessKeyIdOf(credential: Pick<Credential, 'attributes'>): string | null {
  const parent = credential.attributes.parentAccessKeyId
  return typeof parent === 'string' ? parent : null
}

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** The instant an ISO 8601 duration after `from` (calendar years and months, UTC); undefined when malformed. */
export function addIsoDuration(from: Date, duration: string): Date | undefined {
  const match = DURATION.exec(duration)
  if (!match) return undefined
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as number[]
  const at = new Date(from.getTime())
  at.setUTCFullYear(at.getUTCFullYear() + years!, at.getUTCMonth() + months!)
  return new Date(at.getTime() + ((weeks! * 7 + days!) * 86_400 + hours! * 3600 + minutes! * 60 + seconds!) * 1000)
}
