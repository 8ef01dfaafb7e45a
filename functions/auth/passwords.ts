// A user's password (DESIGN §4): only its scrypt hash, in a state-table item of the principal, written in the same
// request as the event that says it changed and deleted with the user. Sign-in verifies against it. Every surface
// that sets a user's password (Scaleway users, SCP account users) writes this one item.
import type { Extra, StateKey } from '../../domain/core/ports.js'
import { hashPassword } from '../store/secrets.js'

export function passwordItemKey(organizationId: string, principalId: string): StateKey {
  return { pk: `${organizationId}#principal#${principalId}`, sk: 'password' }
}

/** Hashes the password (before the command runs: a retried plan must not hash again) into the item's write. */
export async function passwordWrite(organizationId: string, principalId: string, password: string, now: Date): Promise<Extra> {
  return {
    kind: 'put',
    key: passwordItemKey(organizationId, principalId),
    attributes: { hash: await hashPassword(password), changedAt: now.toISOString() },
  }
}

export function passwordDeletion(organizationId: string, principalId: string): Extra {
  return { kind: 'delete', key: passwordItemKey(organizationId, principalId) }
}
