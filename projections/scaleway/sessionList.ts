// The sessions of an organization, for ListJWTs (issue 9): one item per live session (a core credential of kind
// `session`; partition `sessions`, sort = its id, the JWT's `jti`), folded with the credential aggregate's evolve.
// Only CredentialIssued names the kind: later events change an item only where one exists.
import { CREDENTIAL_AGGREGATE, evolveCredential, type Credential, type CredentialEvent } from '../../domain/core/credential/index.js'
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const SESSION_LIST = 'scwSessionList'
export const SESSION_LIST_PARTITION = 'sessions'

export type SessionListItem = Credential & { [attribute: string]: unknown }

function keyOf(event: StoredEvent): ModelKey | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  if (aggregateType !== CREDENTIAL_AGGREGATE || !organizationId || !aggregateId) return undefined
  return { scope: organizationId, partition: SESSION_LIST_PARTITION, sort: aggregateId }
}

/** The item after one event of its credential's stream; null once the session is ended (deleted). */
export function nextSessionListItem(current: SessionListItem | undefined, event: StoredEvent): SessionListItem | null | undefined {
  const credentialEvent = event as unknown as CredentialEvent
  const issuesSession = credentialEvent.type === 'CredentialIssued' && credentialEvent.data.kind === 'session'
  if (!current && !issuesSession) return undefined
  const after = evolveCredential(current ?? { status: 'absent' }, credentialEvent)
  if (after.status === 'absent') return undefined
  return after.status === 'revoked' ? null : { ...after }
}

export const sessionList: PureProjection<SessionListItem> = {
  kind: 'pure',
  name: SESSION_LIST,
  aggregateTypes: [CREDENTIAL_AGGREGATE],
  keys: (event) => {
    const key = keyOf(event)
    return key ? [key] : []
  },
  evolve(current, event) {
    const key = keyOf(event)
    if (!key) return new Map()
    const id = modelKeyId(key)
    const next = nextSessionListItem(current.get(id), event)
    return next === undefined ? new Map() : new Map([[id, next]])
  },
}
