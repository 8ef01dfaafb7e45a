// Credential items (DESIGN §4): authentication reads these, never a projection, so they are written, changed and
// deleted in the same request as the credential's events. Layout:
//   ~cred#<sha256 of secret>  / credential   global: {organizationId, credentialId, principalId}
//   ~accesskey#<access key>   / credential   global: {organizationId, credentialId, principalId}
//   <org>#credential#<id>     / credential   status, expiry, principal, and the secret's hash or sealed form
import { alreadyExists } from '../errors.js'
import { fold } from '../decider.js'
import { globalKeys } from '../globalItems.js'
import type { Extra, StateKey } from '../ports.js'
import type { CredentialEvent } from './events.js'
import { credentialDecider, type Credential, type CredentialState, type CredentialStatus } from './evolve.js'

export interface CredentialItem {
  credentialId: string
  principalId: string
  principalKind: string
  kind: string
  status: Exclude<CredentialStatus, 'revoked'>
  expiresAt?: string
  accessKey?: string
  /** SHA-256 hex of a high-entropy secret: the key of the `~cred#` item, kept to delete it. */
  secretHash?: string
  /** The secret encrypted by the keyring, where a protocol needs it back (SCP HMAC signatures). */
  sealedSecret?: string
}

export interface GlobalCredentialItem {
  organizationId: string
  credentialId: string
  principalId: string
}

export function credentialItemKey(organizationId: string, credentialId: string): StateKey {
  return { pk: `${organizationId}#credential#${credentialId}`, sk: 'credential' }
}

export interface CredentialSecret {
  /** SHA-256 hex of the new secret (issue, rotate) when it is looked up by secret. */
  hash?: string
  /** The new secret sealed by the keyring, when the protocol needs it back. */
  sealed?: string
}

/**
 * The item writes that go with `events` applied to `before`. `stored` is the current credential item (read with
 * ctx.readState) when a rotation or revocation must remove the old secret's global item.
 */
export function credentialItemExtras(
  before: CredentialState,
  events: readonly CredentialEvent[],
  secret: CredentialSecret = {},
  stored?: Pick<CredentialItem, 'secretHash'>,
): Extra[] {
  if (events.length === 0) return []
  const after = fold(credentialDecider, events, before)
  if (after.status === 'absent') return []
  const itemKey = credentialItemKey(after.organizationId, after.credentialId)
  const global: GlobalCredentialItem = { organizationId: after.organizationId, credentialId: after.credentialId, principalId: after.principalId }
  const issued = events.some((event) => event.type === 'CredentialIssued')
  const rotated = events.some((event) => event.type === 'CredentialRotated')

  if (after.status === 'revoked') {
    if (issued) return []
    return [
      { kind: 'delete', key: itemKey },
      ...(stored?.secretHash ? [{ kind: 'delete', key: globalKeys.credentialBySecretHash(stored.secretHash) } as Extra] : []),
      ...(after.accessKey ? [{ kind: 'delete', key: globalKeys.credentialByAccessKey(after.accessKey) } as Extra] : []),
    ]
  }
  if (issued) {
    return [
      { kind: 'put', key: itemKey, attributes: itemOf(after, secret), ifNotExists: true, onConditionFailed: alreadyExists('credential', after.credentialId) },
      ...secretItem(secret, global),
      ...(after.accessKey
        ? [{ kind: 'put', key: globalKeys.credentialByAccessKey(after.accessKey), attributes: { ...global }, ifNotExists: true,
            onConditionFailed: alreadyExists('access_key', after.accessKey) } as Extra]
        : []),
    ]
  }
  const extras: Extra[] = []
  const changes: Record<string, unknown> = {}
  const previous = before.status === 'absent' ? undefined : before
  if (previous?.status !== after.status) changes.status = after.status
  if (previous?.expiresAt !== after.expiresAt) changes.expiresAt = after.expiresAt
  if (rotated) {
    changes.secretHash = secret.hash
    changes.sealedSecret = secret.sealed
    if (stored?.secretHash && stored.secretHash !== secret.hash) extras.push({ kind: 'delete', key: globalKeys.credentialBySecretHash(stored.secretHash) })
    extras.push(...secretItem(secret, global))
  }
  if (Object.keys(changes).length > 0) extras.push({ kind: 'set', key: itemKey, attributes: changes, ifExists: true })
  return extras
}

function itemOf(credential: Credential, secret: CredentialSecret): Record<string, unknown> {
  const item: CredentialItem = {
    credentialId: credential.credentialId,
    principalId: credential.principalId,
    principalKind: credential.principalKind,
    kind: credential.kind,
    status: credential.status as CredentialItem['status'],
    ...(credential.expiresAt ? { expiresAt: credential.expiresAt } : {}),
    ...(credential.accessKey ? { accessKey: credential.accessKey } : {}),
    ...(secret.hash ? { secretHash: secret.hash } : {}),
    ...(secret.sealed ? { sealedSecret: secret.sealed } : {}),
  }
  return { ...item }
}

function secretItem(secret: CredentialSecret, global: GlobalCredentialItem): Extra[] {
  if (!secret.hash) return []
  return [{
    kind: 'put', key: globalKeys.credentialBySecretHash(secret.hash), attributes: { ...global }, ifNotExists: true,
    onConditionFailed: alreadyExists('credential_secret', global.credentialId, 'this secret is already in use'),
  }]
}
