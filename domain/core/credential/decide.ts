// Pure decisions on a credential. Changes that change nothing decide nothing; a revoked credential is gone.
import { alreadyExists, invalidArgument, notFound, type DomainError } from '../errors.js'
import type { PrincipalKind } from '../principal/events.js'
import {
  credentialDisabled,
  credentialEnabled,
  credentialExpired,
  credentialIssued,
  credentialRevoked,
  credentialRotated,
  credentialUpdated,
  type CredentialAttributes,
  type CredentialEvent,
  type CredentialKind,
} from './events.js'
import type { Credential, CredentialState } from './evolve.js'

type Decision = CredentialEvent[] | DomainError

export interface IssueCredential {
  credentialId: string
  organizationId: string
  principalId: string
  principalKind: PrincipalKind
  kind: CredentialKind
  accessKey?: string
  description?: string
  expiresAt?: Date
  attributes?: CredentialAttributes
  /** The organization's maximum lifetime in seconds (0 or absent: none); when set, an expiry is required. */
  maxLifetimeSeconds?: number
  now: Date
}

export function issueCredential(state: CredentialState, command: IssueCredential): Decision {
  if (state.status !== 'absent') return alreadyExists('credential', command.credentialId)
  const expiry = checkExpiry(command.expiresAt, command.now, command.maxLifetimeSeconds)
  if (expiry) return expiry
  return [
    credentialIssued({
      credentialId: command.credentialId,
      organizationId: command.organizationId,
      principalId: command.principalId,
      principalKind: command.principalKind,
      kind: command.kind,
      ...(command.accessKey ? { accessKey: command.accessKey } : {}),
      description: command.description ?? '',
      ...(command.expiresAt ? { expiresAt: command.expiresAt.toISOString() } : {}),
      attributes: command.attributes ?? {},
      createdAt: command.now.toISOString(),
    }),
  ]
}

export interface UpdateCredential {
  description?: string
  /** null clears the expiry. */
  expiresAt?: Date | null
  attributes?: CredentialAttributes
  maxLifetimeSeconds?: number
  now: Date
}

export function updateCredential(state: CredentialState, patch: UpdateCredential): Decision {
  if (!present(state)) return missing(state)
  const change: { description?: string; expiresAt?: string | null; attributes?: CredentialAttributes } = {}
  if (patch.description !== undefined && patch.description !== state.description) change.description = patch.description
  if (patch.expiresAt !== undefined) {
    const expiry = checkExpiry(patch.expiresAt ?? undefined, patch.now, patch.maxLifetimeSeconds)
    if (expiry) return expiry
    const next = patch.expiresAt ? patch.expiresAt.toISOString() : null
    if (next !== (state.expiresAt ?? null)) change.expiresAt = next
  }
  const attributes = Object.fromEntries(
    Object.entries(patch.attributes ?? {}).filter(([key, value]) => !sameJson(state.attributes[key] ?? null, value)),
  )
  if (Object.keys(attributes).length > 0) change.attributes = attributes
  if (Object.keys(change).length === 0) return []
  return [credentialUpdated({ credentialId: state.credentialId, ...change })]
}

/** A new secret for the same credential (the caller writes its items); an expired credential becomes active again. */
export function rotateCredential(state: CredentialState, command: { expiresAt?: Date; now: Date; maxLifetimeSeconds?: number }): Decision {
  if (!present(state)) return missing(state)
  const expiry = checkExpiry(command.expiresAt, command.now, command.maxLifetimeSeconds)
  if (expiry) return expiry
  return [credentialRotated({ credentialId: state.credentialId, ...(command.expiresAt ? { expiresAt: command.expiresAt.toISOString() } : {}) })]
}

export function revokeCredential(state: CredentialState): Decision {
  if (!present(state)) return missing(state)
  return [credentialRevoked({ credentialId: state.credentialId })]
}

/** The sweep's decision: idempotent, and only for a credential whose expiry has passed. */
export function expireCredential(state: CredentialState, now: Date): Decision {
  if (state.status !== 'active' && state.status !== 'disabled') return []
  if (!state.expiresAt || Date.parse(state.expiresAt) > now.getTime()) return []
  return [credentialExpired({ credentialId: state.credentialId })]
}

export function disableCredential(state: CredentialState): Decision {
  if (!present(state)) return missing(state)
  return state.status === 'active' ? [credentialDisabled({ credentialId: state.credentialId })] : []
}

export function enableCredential(state: CredentialState): Decision {
  if (!present(state)) return missing(state)
  return state.status === 'disabled' ? [credentialEnabled({ credentialId: state.credentialId })] : []
}

function present(state: CredentialState): state is Credential {
  return state.status !== 'absent' && state.status !== 'revoked'
}

function missing(state: CredentialState): DomainError {
  return notFound('credential', state.status === 'absent' ? '' : state.credentialId)
}

function checkExpiry(expiresAt: Date | undefined, now: Date, maxLifetimeSeconds = 0): DomainError | undefined {
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return invalidArgument('expires_at', 'expires_at must be in the future')
  if (maxLifetimeSeconds > 0) {
    if (!expiresAt) return invalidArgument('expires_at', `expires_at is required: the organization limits credentials to ${maxLifetimeSeconds}s`, 'required')
    if (expiresAt.getTime() - now.getTime() > maxLifetimeSeconds * 1000) {
      return invalidArgument('expires_at', `expires_at is further than the organization's maximum of ${maxLifetimeSeconds}s`)
    }
  }
  return undefined
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
