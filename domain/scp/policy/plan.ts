// Plans of the policy commands: the policy's events and its name reservation (names are unique in an account,
// decision §6.22). Bulk deletion (POL-5) is all or nothing: one policy that is unknown or still bound refuses
// the whole request.
import { alreadyExists, isDomainError, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../../scaleway/plan.js'
import { decidePolicy, type PolicyCommand } from './decide.js'
import { policyStream, type PolicyState } from './evolve.js'

export function policyNameReservation(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#scp-policy-name`, sk: name }
}

function reserveName(organizationId: string, id: string, name: string): Extra {
  return { kind: 'reserve', key: policyNameReservation(organizationId, name), owner: id, onTaken: alreadyExists('policy', name, 'a policy with this name already exists') }
}

export function planCreatePolicy(command: Extract<PolicyCommand, { type: 'CreatePolicy' }>): PlannedWrites | DomainError {
  const events = decidePolicy({ deleted: false }, command)
  if (isDomainError(events)) return events
  return writes(policyStream(command.organizationId, command.id), events, [reserveName(command.organizationId, command.id, command.name)])
}

export function planSetPolicy(state: PolicyState, command: Extract<PolicyCommand, { type: 'SetPolicy' }>): PlannedWrites | DomainError {
  const events = decidePolicy(state, command)
  if (isDomainError(events)) return events
  const renamed = events.find((event) => event.type === 'ScpPolicyUpdated' && event.data.name !== undefined)
  const extras: Extra[] = renamed
    ? [{ kind: 'release', key: policyNameReservation(command.organizationId, state.policy!.name), owner: command.id }, reserveName(command.organizationId, command.id, command.name!)]
    : []
  return writes(policyStream(command.organizationId, command.id), events, extras)
}

export function planDeletePolicies(deletions: ReadonlyArray<{ state: PolicyState; command: Extract<PolicyCommand, { type: 'DeletePolicy' }> }>): PlannedWrites | DomainError {
  const parts: PlannedWrites[] = []
  for (const { state, command } of deletions) {
    const events = decidePolicy(state, command)
    if (isDomainError(events)) return events
    const release: Extra = { kind: 'release', key: policyNameReservation(command.organizationId, state.policy!.name), owner: command.id }
    parts.push(writes(policyStream(command.organizationId, command.id), events, [release]))
  }
  return withinOneRequest(combine(...parts))
}
