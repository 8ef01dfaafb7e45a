// The `principal` one-of of CreatePolicy and UpdatePolicy (spec §2.4): user_id | group_id | application_id |
// no_principal. `no_principal: false` alone names nothing.
import { invalidArgument, type DomainError } from '../../core/errors.js'
import type { PolicyPrincipal } from './events.js'

export interface PrincipalFields {
  userId?: string
  groupId?: string
  applicationId?: string
  noPrincipal?: boolean
}

/**
 * The principal named by the fields, undefined when none is (an update leaves it unchanged), or an error when
 * more than one is. Ids are canonical (the shell normalized them).
 */
export function principalOf(fields: PrincipalFields): PolicyPrincipal | undefined | DomainError {
  const named: PolicyPrincipal[] = [
    ...(fields.userId !== undefined ? [{ kind: 'user', id: fields.userId } as const] : []),
    ...(fields.groupId !== undefined ? [{ kind: 'group', id: fields.groupId } as const] : []),
    ...(fields.applicationId !== undefined ? [{ kind: 'application', id: fields.applicationId } as const] : []),
    ...(fields.noPrincipal === true ? [{ kind: 'none' } as const] : []),
  ]
  if (named.length > 1) {
    return invalidArgument('principal', 'give exactly one of user_id, group_id, application_id or no_principal', 'constraint')
  }
  return named[0]
}

export function samePrincipal(a: PolicyPrincipal, b: PolicyPrincipal): boolean {
  return a.kind === b.kind && (a.kind === 'none' || a.id === (b as { id: string }).id)
}
