// The organization status item (DESIGN §4): the tenant's tombstone. Every authentication (functions/auth/
// credentials.ts) and every check (functions/authz/grantsRead.ts) reads it in the request it already makes, so a
// deleted organization stops on every surface at once, whatever index items still name it. Absent = live.
import type { Extra, StateKey } from '../ports.js'
import type { OrganizationEvent } from './events.js'

export interface OrganizationStatusItem {
  deleted: boolean
  deletedAt?: string
}

export function organizationStatusKey(organizationId: string): StateKey {
  return { pk: `${organizationId}#organization`, sk: 'status' }
}

/** Whether a status item read says the organization is gone. */
export function organizationDeletedBy(item: Record<string, unknown> | undefined): boolean {
  return item?.deleted === true
}

/** The item the events leave behind, written in the same transaction (at most one extra: one item per transaction). */
export function organizationStatusExtras(organizationId: string, events: readonly OrganizationEvent[]): Extra[] {
  const deleted = events.find((event): event is Extract<OrganizationEvent, { type: 'OrganizationDeleted' }> => event.type === 'OrganizationDeleted')
  if (!deleted) return []
  const attributes: OrganizationStatusItem = { deleted: true, deletedAt: deleted.data.deletedAt }
  return [{ kind: 'put', key: organizationStatusKey(organizationId), attributes: { ...attributes } }]
}
