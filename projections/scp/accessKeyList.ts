// The SCP access keys of an account, for ListAccessKeys and the bulk delete: one item per live key (partition
// `scp_access_keys`, sort = credential id), folded from the credential's own stream with the credential
// aggregate's evolve, plus who created and last changed it (the events' actors). Other kinds of credential share
// the aggregate type and are skipped: only CredentialIssued names the kind.
import { CREDENTIAL_AGGREGATE, evolveCredential, type Credential, type CredentialEvent } from '../../domain/core/credential/index.js'
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SCP_ACCESS_KEY_LIST = 'scpAccessKeyList'
export const SCP_ACCESS_KEY_LIST_PARTITION = 'scp_access_keys'

export type ScpAccessKeyListItem = Credential & { createdBy: string; modifiedBy: string; [attribute: string]: unknown }

export function scpAccessKeyListKey(organizationId: string, credentialId: string): ModelKey {
  return { scope: organizationId, partition: SCP_ACCESS_KEY_LIST_PARTITION, sort: credentialId }
}

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  return aggregateType === CREDENTIAL_AGGREGATE && organizationId && aggregateId ? scpAccessKeyListKey(organizationId, aggregateId) : undefined
}

/** The item after one event of its credential's stream; null once the key is revoked. */
export function nextScpAccessKeyListItem(current: ScpAccessKeyListItem | undefined, event: StoredEvent): ScpAccessKeyListItem | null | undefined {
  const credentialEvent = event as unknown as CredentialEvent
  if (!current && (credentialEvent.type !== 'CredentialIssued' || credentialEvent.data.kind !== 'scp_access_key')) return undefined
  const after = evolveCredential(current ?? { status: 'absent' }, credentialEvent)
  if (after.status === 'absent') return undefined
  if (after.status === 'revoked') return null
  const actor = event.meta?.actor?.id ?? ''
  return { ...after, createdBy: current?.createdBy ?? actor, modifiedBy: actor }
}

export const scpAccessKeyList: PureProjection<ScpAccessKeyListItem> = {
  kind: 'pure',
  name: SCP_ACCESS_KEY_LIST,
  aggregateTypes: [CREDENTIAL_AGGREGATE],
  keys(event) {
    const key = keyOf(event)
    return key ? [key] : []
  },
  evolve(current, event) {
    const key = keyOf(event)
    if (!key) return new Map()
    const id = modelKeyId(key)
    const next = nextScpAccessKeyListItem(current.get(id), event)
    return next === undefined ? new Map() : new Map([[id, next]])
  },
}
