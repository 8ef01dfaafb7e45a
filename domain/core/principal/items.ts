// The principal status item (DESIGN §4): authentication reads it directly, never a projection, so it is written
// in the same request as the events that change it. Derived from the events alone, in one place.
import type { Extra, StateKey } from '../ports.js'
import type { PrincipalEvent } from './events.js'

export interface PrincipalStatusItem {
  kind: string
  locked: boolean
  deleted: boolean
}

export function principalStatusKey(organizationId: string, principalId: string): StateKey {
  return { pk: `${organizationId}#principal#${principalId}`, sk: 'status' }
}

/** At most one extra per append (a transaction may touch an item once). */
export function principalStatusExtras(organizationId: string, principalId: string, events: readonly PrincipalEvent[]): Extra[] {
  if (events.length === 0) return []
  const key = principalStatusKey(organizationId, principalId)
  let created: string | undefined
  const changes: Partial<PrincipalStatusItem> = {}
  for (const event of events) {
    if (event.type === 'PrincipalRegistered') {
      created = event.data.kind
      Object.assign(changes, { locked: false, deleted: false })
    }
    if (event.type === 'PrincipalLocked') changes.locked = true
    if (event.type === 'PrincipalUnlocked') changes.locked = false
    if (event.type === 'PrincipalDeleted') changes.deleted = true
  }
  if (created) return [{ kind: 'put', key, attributes: { kind: created, ...changes }, ifNotExists: true }]
  return [{ kind: 'set', key, attributes: changes }]
}
