// The Scaleway API keys of an organization, for ListAPIKeys: one item per live key (partition `api_keys`, sort =
// credential id), folded from the credential's own stream with the credential aggregate's evolve, so a list item
// and GetAPIKey never disagree. Other kinds of credential (SCP keys, sessions …) share the aggregate type and are
// skipped: only CredentialIssued names the kind, and later events change an item only where one exists.
import { CREDENTIAL_AGGREGATE, evolveCredential, type Credential, type CredentialEvent } from '../../domain/core/credential/index.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { streamItemList } from '../streamItemList.js'

export const API_KEY_LIST = 'scwApiKeyList'
export const API_KEY_LIST_PARTITION = 'api_keys'

/** An API key as ListAPIKeys renders it: the credential's state (never its secret, which no event holds). */
export type ApiKeyListItem = Credential & { [attribute: string]: unknown }

/** The item after one event of its credential's stream; null once the key is revoked. */
export function nextApiKeyListItem(current: ApiKeyListItem | undefined, event: StoredEvent): ApiKeyListItem | null | undefined {
  const credentialEvent = event as unknown as CredentialEvent
  if (!current && (credentialEvent.type !== 'CredentialIssued' || credentialEvent.data.kind !== 'scaleway_api_key')) return undefined
  const after = evolveCredential(current ?? { status: 'absent' }, credentialEvent)
  if (after.status === 'absent') return undefined
  return after.status === 'revoked' ? null : { ...after }
}

export const apiKeyList = streamItemList<ApiKeyListItem>({ name: API_KEY_LIST, aggregateType: CREDENTIAL_AGGREGATE, partition: API_KEY_LIST_PARTITION, next: nextApiKeyListItem })

export const apiKeyListKey = apiKeyList.key
