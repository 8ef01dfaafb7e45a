// Decisions on a person (spec §5.11): registered `pending` with a signup token when an organization adds someone no
// organization knew while e-mail verification is on; activated once by that token (24 h, single use: the token's
// item is deleted in the activation's transaction, and two activations race on the person's stream version).
import { notFound, type DomainError } from '../../core/errors.js'
import type { Extra, Plan } from '../../core/ports.js'
import { OidcPersonActivated, OidcPersonRegistered, type PersonStatus } from './events.js'
import { normalizeSubject, personKey, personStreamId, signupTokenKey, type PersonState, type SignupTokenItem } from './evolve.js'

export const SIGNUP_TOKEN_SECONDS = 24 * 3600

export interface PersonWrites {
  appends: Plan<unknown>['appends']
  extras: Extra[]
}

const NOTHING: PersonWrites = { appends: [], extras: [] }

/**
 * How sign-in sees a subject: unknown unless it is a member of a live organization (whatever its person record
 * says, so a person removed everywhere may onboard again, never locked out by a stale record); a member is pending
 * while its person record is, else active (people who predate person records are active).
 */
export type PersonStanding = PersonStatus | 'unknown'

export function personStanding(person: { state?: unknown } | undefined, member: boolean): PersonStanding {
  if (!member) return 'unknown'
  return person?.state === 'pending' ? 'pending' : 'active'
}

/**
 * A pending person who onboarded after signing in at their identity provider proved their address there: active,
 * as the signup link would make them (their unused links expire on their own).
 */
export function planConfirmPerson(state: PersonState, command: { now: Date; by: string }): PersonWrites {
  if (state.status !== 'pending') return NOTHING
  return {
    appends: [{ streamId: personStreamId(state.subject), events: [OidcPersonActivated({ at: command.now.toISOString(), by: command.by })] }],
    extras: [{ kind: 'put', key: personKey(state.subject), attributes: { state: 'active' } }],
  }
}

/**
 * A membership of a subject no organization knew registers the person, pending until the signup link is followed;
 * a membership of a person still pending issues a new link (the earlier ones stay valid until they expire). Nothing
 * for an active or otherwise known subject. `invite`: a link is to be e-mailed.
 */
export function planPersonOnMembership(
  state: PersonState,
  standing: PersonStanding,
  command: { subject: string; organizationId: string; tokenHash: string; now: Date; by: string },
): PersonWrites & { invite: boolean } {
  const pending = state.status === 'pending'
  if (!pending && (state.status !== 'absent' || standing !== 'unknown')) return { ...NOTHING, invite: false }
  const subject = normalizeSubject(command.subject)
  const token: SignupTokenItem = {
    subject,
    organizationId: command.organizationId,
    expiresAt: Math.floor(command.now.getTime() / 1000) + SIGNUP_TOKEN_SECONDS,
  }
  const tokenItem: Extra = { kind: 'put', key: signupTokenKey(command.tokenHash), attributes: { ...token }, ifNotExists: true, ttlSeconds: SIGNUP_TOKEN_SECONDS }
  if (pending) return { appends: [], extras: [tokenItem], invite: true }
  return {
    appends: [{ streamId: personStreamId(subject), events: [OidcPersonRegistered({ subject, state: 'pending', at: command.now.toISOString(), by: command.by })] }],
    extras: [{ kind: 'put', key: personKey(subject), attributes: { state: 'pending' } }, tokenItem],
    invite: true,
  }
}

/** The person of a live signup token becomes active; the token is spent in the same transaction. */
export function planActivatePerson(
  state: PersonState,
  token: SignupTokenItem | undefined,
  command: { tokenHash: string; now: Date; by: string },
): PersonWrites | DomainError {
  const unknown = notFound('signup_token', 'link')
  if (!token || token.expiresAt * 1000 <= command.now.getTime()) return unknown
  if (state.status === 'absent' || state.subject !== token.subject) return unknown
  return {
    appends: state.status === 'pending'
      ? [{ streamId: personStreamId(token.subject), events: [OidcPersonActivated({ at: command.now.toISOString(), by: command.by })] }]
      : [],
    extras: [
      { kind: 'put', key: personKey(token.subject), attributes: { state: 'active' } },
      { kind: 'delete', key: signupTokenKey(command.tokenHash) },
    ],
  }
}
