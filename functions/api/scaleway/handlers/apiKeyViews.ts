// How a Scaleway API key is found and rendered. Keys are addressed by access key: its global item names the
// organization and the credential; a key of another organization is answered exactly like an unknown one. The
// secret appears only in the CreateAPIKey response: no event or item holds it, so nothing else could render it.
import { credentialDecider, credentialStreamId, type Credential, type CredentialEvent, type GlobalCredentialItem } from '../../../../domain/core/credential/index.js'
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError } from '../../../../domain/core/errors.js'
import { globalKeys } from '../../../../domain/core/globalItems.js'
import { apiKeyFields, liveApiKey } from '../../../../domain/scaleway/index.js'
import type { Dynamo } from '../../../store/dynamo.js'
import type { EventStore } from '../../../../domain/core/ports.js'
import { readStateItem } from '../../../store/stateStore.js'
import type { OperationOutput } from '../operation.js'
import type { SortValue } from '../paging.js'

export type ApiKeyBody = OperationOutput<'GetAPIKey'>

/** The credential id behind an access key of this organization (a consistent read of its global item). */
export async function credentialOfAccessKey(dynamo: Dynamo, organizationId: string, accessKey: string, now: Date): Promise<string | undefined> {
  const item = (await readStateItem(dynamo, globalKeys.credentialByAccessKey(accessKey), now)) as GlobalCredentialItem | undefined
  return item && item.organizationId === organizationId ? item.credentialId : undefined
}

/** The live API key of this organization with this access key, folded from its stream (DESIGN §5). */
export async function loadApiKey(
  services: { dynamo: Dynamo; store: EventStore },
  organizationId: string,
  accessKey: string,
  now: Date,
): Promise<Credential | undefined> {
  const credentialId = await credentialOfAccessKey(services.dynamo, organizationId, accessKey, now)
  if (!credentialId) return undefined
  const stream = credentialStreamId(organizationId, credentialId)
  const events = (await services.store.load([stream])).get(stream) ?? []
  const key = liveApiKey(fold(credentialDecider, events as unknown as CredentialEvent[]), accessKey)
  return isDomainError(key) ? undefined : key
}

/** `secretKey` only in the CreateAPIKey response; null everywhere else. */
export function renderApiKey(credential: Credential, secretKey: string | null = null): ApiKeyBody {
  const { bearer, defaultProjectId, creationIp } = apiKeyFields(credential)
  return {
    access_key: credential.accessKey ?? '',
    secret_key: secretKey,
    application_id: bearer.kind === 'application' ? bearer.id : null,
    user_id: bearer.kind === 'user' ? bearer.id : null,
    description: credential.description,
    created_at: credential.createdAt,
    updated_at: credential.updatedAt,
    expires_at: credential.expiresAt ?? null,
    default_project_id: defaultProjectId,
    editable: true,
    deletable: true,
    managed: false,
    creation_ip: creationIp,
  }
}

/** ListAPIKeys' `order_by` keys. */
export const API_KEY_SORT_KEYS: Readonly<Record<string, (key: Credential) => SortValue>> = {
  created_at: (key) => key.createdAt,
  updated_at: (key) => key.updatedAt,
  expires_at: (key) => key.expiresAt,
  access_key: (key) => key.accessKey,
}
