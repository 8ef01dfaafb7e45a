// The sessions of an organization, for ListJWTs (issue 9): one item per live session (a core credential of kind
// `session`; partition `sessions`, sort = its id, the JWT's `jti`), folded with the credential aggregate's evolve.
// Only CredentialIssued names the kind: later events change an item only where one exists.
import { CREDENTIAL_AGGREGATE, evolveCredential, type Credential, type CredentialEvent } from '../../domain/core/credential/index.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { streamItemList } from '../streamItemList.js'

export const SESSION_LIST = 'scwSessionList'
export const SESSION_LIST_PARTITION = 'sessions'

export type SessionListItem = Credential & { [attribute: string]: unknown }

/** The item after one event of its credential's stream; null once the session is ended (deleted). */
export function nextSessionListItem(current: SessionListItem | undefined, event: StoredEvent): SessionListItem | null | undefined {
  const credentialEvent = event as unknown as CredentialEvent
  const issuesSession = credentialEvent.type === 'CredentialIssued' && credentialEvent.data.kind === 'session'
  if (!current && !issuesSession) return undefined
  const after = evolveCredential(current ?? { status: 'absent' }, credentialEvent)
  if (after.status === 'absent') return undefined
  return after.status === 'revoked' ? null : { ...after }
}

export const sessionList = streamItemList<SessionListItem>({ name: SESSION_LIST, aggregateType: CREDENTIAL_AGGREGATE, partition: SESSION_LIST_PARTITION, next: nextSessionListItem })
