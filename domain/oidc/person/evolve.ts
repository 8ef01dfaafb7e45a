// The state of a person, folded from its events, and where its stream and items live: a global stream under the
// `~oidc` scope (its id is derived from the subject, which may hold characters a stream id must not), the state item
// beside the subject's membership index items (one consistent Query answers both), and single-use signup tokens
// under `~oidcsession`, keyed by their SHA-256.
import { createHash } from 'node:crypto'
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import { GLOBAL_SCOPES, globalPk } from '../../core/globalItems.js'
import type { StateKey } from '../../core/ports.js'
import { subjectPk } from '../../nscale/user/items.js'
import type { PersonEvent, PersonStatus } from './events.js'

export const PERSON_AGGREGATE = 'person'

export type PersonState = { status: 'absent' } | { status: PersonStatus; subject: string }

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'OidcPersonRegistered':
      return { status: event.data.state, subject: event.data.subject }
    case 'OidcPersonActivated':
      return state.status === 'absent' ? state : { ...state, status: 'active' }
  }
}

export const personDecider: Decider<PersonState, PersonEvent> = {
  aggregateType: PERSON_AGGREGATE,
  initialState: () => ({ status: 'absent' }),
  evolve: evolvePerson,
}

export function normalizeSubject(subject: string): string {
  return subject.trim().toLowerCase()
}

export function personStreamId(subject: string): string {
  const id = createHash('sha256').update(normalizeSubject(subject), 'utf8').digest('hex').slice(0, 32)
  return streamId(GLOBAL_SCOPES.oidcSubject, PERSON_AGGREGATE, id)
}

/** The person's state item: in the subject's partition of the membership index, sort key `person`. */
export function personKey(subject: string): StateKey {
  return { pk: subjectPk(subject), sk: PERSON_AGGREGATE }
}

export function signupTokenKey(tokenHash: string): StateKey {
  return { pk: globalPk(GLOBAL_SCOPES.oidcSession, `signup#${tokenHash}`), sk: 'signup' }
}

/** What a signup token's item holds (never the token: its key is the token's hash). */
export interface SignupTokenItem {
  subject: string
  organizationId: string
  /** Seconds since the epoch. */
  expiresAt: number
}
