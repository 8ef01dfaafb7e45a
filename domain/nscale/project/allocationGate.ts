// The per-project item that orders allocation creations against the project's deletion (spec §9 #9, #14).
// An allocation creation reads the project's stream but writes only its own new stream, so without this item a
// creation could commit after a project delete looked for the project's allocations and leave a live allocation
// (and its usage) in a deleted project. Both therefore write the same state item in their transaction, which
// DynamoDB serializes:
//   <org>#nscale-project-allocations  <projectId>   n = allocations ever created in the project, + CLOSED once deleted
// - a creation adds 1 under the limit CLOSED - 1: after the delete it fails, answered as 404 project;
// - the delete reads n before it lists the project's allocations, then adds CLOSED on condition that n did not
//   move: a creation that committed in between fails the delete, which lists and decides again.
import { conflict, notFound, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'

/** Far above any number of creations, within the safe integers DynamoDB numbers and JS share. */
export const GATE_CLOSED = 2 ** 48

export function allocationGateKey(organizationId: string, projectId: string): StateKey {
  return { pk: `${organizationId}#nscale-project-allocations`, sk: projectId }
}

/** The gate's value as read (a missing item is 0: no creation counted yet). */
export function gateValue(item: Record<string, unknown> | undefined): number {
  return Number(item?.n ?? 0)
}

/** An allocation creation passes the gate while the project is not deleted. */
export function allocationCreationGate(organizationId: string, projectId: string): Extra {
  return { kind: 'counter', key: allocationGateKey(organizationId, projectId), delta: 1, limit: GATE_CLOSED - 1, onLimit: notFound('project', projectId) }
}

/** The project delete closes the gate, on condition that no creation passed it since it read `seen`. */
export function closeAllocationGate(organizationId: string, projectId: string, seen: number): Extra {
  return {
    kind: 'counter', key: allocationGateKey(organizationId, projectId), delta: GATE_CLOSED, limit: seen + GATE_CLOSED,
    onLimit: conflict('nscale_project', projectId, 'allocating', 'an allocation was created in the project while it was being deleted; retry'),
  }
}

/** The delete lost to a concurrent allocation creation: list the allocations and decide again. */
export function isAllocationCreatedMeanwhile(error: DomainError): boolean {
  return error.kind === 'conflict' && error.resource === 'nscale_project' && error.state === 'allocating'
}
