// The SCP access keys of an account, for ListAccessKeys and the bulk delete: one item per live key (partition
// `scp_access_keys`, sort = credential id), folded from the credential's own stream with the credential
// aggregate's evolve, plus who created and last changed it (the events' actors). Other kinds of credential share
// the aggregate type and are skipped: only CredentialIssued names the kind.
import { CREDENTIAL_AGGREGATE, evolveCredential, type Credential, type CredentialEvent } from '../../domain/core/credential/index.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { streamItemList } from '../streamItemList.js'

export const SCP_ACCESS_KEY_LIST = 'scpAccessKeyList'
export const SCP_ACCESS_KEY_LIST_PARTITION = 'scp_access_keys'

export type ScpAccessKeyListItem = Credential & { createdBy: string; modifiedBy: string; [attribute: string]: unknown }

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

export const scpAccessKeyList = streamItemList<ScpAccessKeyListItem>({ name: SCP_ACCESS_KEY_LIST, aggregateType: CREDENTIAL_AGGREGATE, partition: SCP_ACCESS_KEY_LIST_PARTITION, next: nextScpAccessKeyListItem })

export const scpAccessKeyListKey = scpAccessKeyList.key
