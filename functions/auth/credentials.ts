// Authentication by credential (DESIGN §4): reads the credential items, the principal's status item and the
// organization's status item (its tombstone) directly, never a projection, so a new key works at once and a
// deleted, disabled or expired one, or any of a deleted organization, fails at once.
// Two consistent round trips: the global lookup (by secret hash or access key), then one BatchGet of the
// organization's credential item, the principal status item and the organization status item.
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { CredentialItem, GlobalCredentialItem } from '../../domain/core/credential/items.js'
import { credentialItemKey } from '../../domain/core/credential/items.js'
import type { CredentialKind } from '../../domain/core/credential/events.js'
import { globalKeys } from '../../domain/core/globalItems.js'
import { organizationDeletedBy, organizationStatusKey } from '../../domain/core/organization/items.js'
import type { StateKey } from '../../domain/core/ports.js'
import type { PrincipalKind } from '../../domain/core/principal/events.js'
import { principalStatusKey, type PrincipalStatusItem } from '../../domain/core/principal/items.js'
import type { Dynamo } from '../store/dynamo.js'
import { sha256Hex } from '../store/secrets.js'

export interface AuthenticatedPrincipal {
  organizationId: string
  principalId: string
  principalKind: PrincipalKind
  credentialId: string
  kind: CredentialKind
}

/**
 * Why authentication failed; a disabled credential or a locked principal is `locked`, a deleted one (or any
 * credential of a deleted organization) `not_found`.
 */
export type AuthenticationFailure = 'invalid_argument' | 'not_found' | 'expired' | 'locked'

export type Authentication<P = AuthenticatedPrincipal> = { ok: true; principal: P } | { ok: false; reason: AuthenticationFailure }

const SECRET_MAX = 4096

/** Authenticates a high-entropy secret (Scaleway secret key, service-account token, session token). */
export async function authenticateSecret(dynamo: Dynamo, secret: string, now: Date): Promise<Authentication> {
  if (typeof secret !== 'string' || secret.length < 8 || secret.length > SECRET_MAX) return { ok: false, reason: 'invalid_argument' }
  const result = await authenticateBy(dynamo, globalKeys.credentialBySecretHash(sha256Hex(secret)), now)
  return result.ok ? { ok: true, principal: result.principal.principal } : result
}

/**
 * Resolves an access key (SCP's signed requests) to its principal and the sealed secret that verifies the
 * signature (decrypt it with the keyring). The caller must verify the signature before trusting the principal.
 */
export async function authenticateAccessKey(
  dynamo: Dynamo,
  accessKey: string,
  now: Date,
): Promise<Authentication<{ principal: AuthenticatedPrincipal; sealedSecret?: string }>> {
  if (typeof accessKey !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(accessKey)) return { ok: false, reason: 'invalid_argument' }
  return authenticateBy(dynamo, globalKeys.credentialByAccessKey(accessKey), now)
}

async function authenticateBy(
  dynamo: Dynamo,
  lookup: StateKey,
  now: Date,
): Promise<Authentication<{ principal: AuthenticatedPrincipal; sealedSecret?: string }>> {
  const table = dynamo.tables.state
  const { Item: global } = await dynamo.doc.send(new GetCommand({ TableName: table, Key: { ...lookup }, ConsistentRead: true }))
  if (!global) return { ok: false, reason: 'not_found' }
  return authenticateItems(dynamo, global as GlobalCredentialItem, now)
}

/**
 * Authenticates a credential named by a token the caller has already verified (a session JWT's `jti` and `sub`):
 * the same checks as a secret, from the credential and principal status items, without the global lookup.
 */
export function authenticateCredential(dynamo: Dynamo, named: GlobalCredentialItem, now: Date): Promise<Authentication> {
  return authenticateItems(dynamo, named, now).then((result) => (result.ok ? { ok: true, principal: result.principal.principal } : result))
}

async function authenticateItems(
  dynamo: Dynamo,
  { organizationId, credentialId, principalId }: GlobalCredentialItem,
  now: Date,
): Promise<Authentication<{ principal: AuthenticatedPrincipal; sealedSecret?: string }>> {
  const table = dynamo.tables.state
  const credentialKey = credentialItemKey(organizationId, credentialId)
  const statusKey = principalStatusKey(organizationId, principalId)
  const organizationKey = organizationStatusKey(organizationId)
  const keys = [credentialKey, statusKey, organizationKey]
  const batch = await dynamo.doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys.map((key) => ({ ...key })), ConsistentRead: true } } }))
  let items = batch.Responses?.[table] ?? []
  if (Object.keys(batch.UnprocessedKeys ?? {}).length > 0) items = await getEach(dynamo, keys)
  const find = (key: StateKey) => items.find((item) => item.pk === key.pk && item.sk === key.sk)
  const credential = find(credentialKey) as CredentialItem | undefined
  const status = find(statusKey) as PrincipalStatusItem | undefined
  if (!credential || credential.principalId !== principalId) return { ok: false, reason: 'not_found' }
  if (organizationDeletedBy(find(organizationKey))) return { ok: false, reason: 'not_found' }
  if (credential.status === 'expired' || (credential.expiresAt && Date.parse(credential.expiresAt) <= now.getTime())) {
    return { ok: false, reason: 'expired' }
  }
  if (credential.status === 'disabled') return { ok: false, reason: 'locked' }
  if (!status || status.deleted) return { ok: false, reason: 'not_found' }
  if (status.locked) return { ok: false, reason: 'locked' }
  const principal: AuthenticatedPrincipal = {
    organizationId,
    principalId,
    principalKind: credential.principalKind as PrincipalKind,
    credentialId,
    kind: credential.kind as CredentialKind,
  }
  return { ok: true, principal: { principal, ...(credential.sealedSecret ? { sealedSecret: credential.sealedSecret } : {}) } }
}

/** Throttled batch keys, read one by one. */
async function getEach(dynamo: Dynamo, keys: StateKey[]): Promise<Record<string, unknown>[]> {
  const items = await Promise.all(
    keys.map((key) => dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...key }, ConsistentRead: true }))),
  )
  return items.flatMap(({ Item }) => (Item ? [Item] : []))
}
