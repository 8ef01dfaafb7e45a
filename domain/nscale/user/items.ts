// The global index of people's memberships (DESIGN §3 `~oidc`): subject (e-mail, lower case) → one item per
// organization holding the membership's id. Written in the same request as the membership's events, so a new
// member can act at once and a removed one cannot; the conditional put is the "one membership per
// (organization, subject)" rule (spec §9 #4, 409).
import { alreadyExists } from '../../core/errors.js'
import { GLOBAL_SCOPES, globalPk } from '../../core/globalItems.js'
import type { Extra, StateKey } from '../../core/ports.js'

export interface MembershipIndexItem {
  organizationId: string
  principalId: string
}

export function subjectPk(subject: string): string {
  return globalPk(GLOBAL_SCOPES.oidcSubject, `email:${subject.trim().toLowerCase()}`)
}

export function subjectMembershipKey(subject: string, organizationId: string): StateKey {
  return { pk: subjectPk(subject), sk: `org#${organizationId}` }
}

/** When the person last signed in or refreshed through the OIDC provider (`userStatus.lastActive`, spec §4.6). */
export function subjectActivityKey(subject: string): StateKey {
  return { pk: subjectPk(subject), sk: 'activity' }
}

export function membershipIndexPut(subject: string, organizationId: string, principalId: string): Extra {
  const item: MembershipIndexItem = { organizationId, principalId }
  return {
    kind: 'put',
    key: subjectMembershipKey(subject, organizationId),
    attributes: { ...item },
    ifNotExists: true,
    onConditionFailed: alreadyExists('user', principalId, 'the subject is already a user of this organization'),
  }
}

export function membershipIndexDelete(subject: string, organizationId: string): Extra {
  return { kind: 'delete', key: subjectMembershipKey(subject, organizationId) }
}
