// How an SCP access key looks on the wire (spec §2.1). Decision (spec §6.3 #33): the secret is returned at
// creation only; every other answer shows `secret_key: null` (the document's examples show it on reads too).
import { credentialDecider, credentialStreamId, type Credential, type CredentialEvent } from '../../../../domain/core/credential/index.js'
import { fold } from '../../../../domain/core/decider.js'
import { accessKeyTypeOf, NO_EXPIRY, parentAccessKeyIdOf } from '../../../../domain/scp/accessKey/plan.js'
import type { ScpAccessKeyListItem } from '../../../../projections/scp/accessKeyList.js'
import type { ScpServices } from '../deps.js'
import { scpTime } from '../schemas/common.js'

export type AccessKeyView = Credential & { createdBy: string; modifiedBy: string }

export function renderAccessKey(key: AccessKeyView | ScpAccessKeyListItem, secretKey: string | null = null) {
  return {
    access_key: key.accessKey ?? '',
    access_key_type: accessKeyTypeOf(key),
    account_id: key.organizationId,
    created_at: scpTime(key.createdAt),
    created_by: key.createdBy,
    description: key.description === '' ? null : key.description,
    expiration_timestamp: key.expiresAt ? scpTime(key.expiresAt) : NO_EXPIRY,
    id: key.credentialId,
    is_enabled: key.status === 'active',
    modified_at: scpTime(key.updatedAt),
    modified_by: key.modifiedBy,
    parent_access_key_id: parentAccessKeyIdOf(key),
    secret_key: secretKey,
  }
}

/** A live SCP access key of the account, folded from its own stream (reflects every acknowledged write). */
export async function loadAccessKey(services: Pick<ScpServices, 'store'>, organizationId: string, credentialId: string): Promise<{ key: AccessKeyView; version: number } | undefined> {
  const streamId = credentialStreamId(organizationId, credentialId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  const state = fold(credentialDecider, events as unknown as CredentialEvent[])
  if (state.status === 'absent' || state.status === 'revoked' || state.kind !== 'scp_access_key' || state.organizationId !== organizationId) return undefined
  const first = events[0]
  const last = events[events.length - 1]
  return {
    key: { ...state, createdBy: first?.meta.actor.id ?? '', modifiedBy: last?.meta.actor.id ?? '', updatedAt: last?.meta.occurredAt ?? state.updatedAt },
    version: events.length,
  }
}
