// The event → change mapping of the effective grants, in one place: which events of which streams grant what.
// Organization: its owner. Scaleway groups: membership. Scaleway policies: the policy's principal (a user, an
// application or a group) holds its compiled rules. Other surfaces (SCP roles, nscale roles) add theirs here.
import type { StoredEvent } from '../../domain/core/events.js'
import { parseStreamId } from '../../domain/core/events.js'
import { organizationCreated } from '../../domain/core/organization/events.js'
import { ORGANIZATION_AGGREGATE } from '../../domain/core/organization/evolve.js'
import { GroupDeleted, GroupMembersAdded, GroupMembersRemoved } from '../../domain/scaleway/group/events.js'
import { GROUP } from '../../domain/scaleway/group/evolve.js'
import {
  PolicyCreated,
  PolicyDeleted,
  PolicyPrincipalChanged,
  PolicyPrincipalDetached,
  PolicyRulesSet,
  type PolicyPrincipal,
  type Rule,
} from '../../domain/scaleway/policy/events.js'
import { POLICY } from '../../domain/scaleway/policy/evolve.js'
import { samePrincipal } from '../../domain/scaleway/policy/principal.js'
import type { GrantsChange, Grant } from './changes.js'
import { compileScalewayVersion } from './compiled.js'
import { NSCALE_GRANT_SOURCES } from './nscale.js'
import { SCP_GRANT_SOURCES, scpGroupChanges } from './scp.js'
import { SCP_RESOURCE_SOURCES } from './scpResources.js'
import { SCP_GROUP } from '../../domain/scp/group/evolve.js'

export const GRANT_SOURCES = [ORGANIZATION_AGGREGATE, GROUP, POLICY, ...SCP_GRANT_SOURCES, ...SCP_RESOURCE_SOURCES, ...NSCALE_GRANT_SOURCES] as const

/** Changes of an organization or group event (these need no state of their own). */
export function streamChanges(event: StoredEvent): GrantsChange[] {
  const { aggregateType, aggregateId } = parseStreamId(event.streamId)
  const version = event.version
  if (aggregateType === ORGANIZATION_AGGREGATE && event.type === organizationCreated.type) {
    const { ownerPrincipalId } = event.data as { ownerPrincipalId: string }
    return [{ kind: 'owner', principalId: ownerPrincipalId, version, owner: true }]
  }
  if (aggregateType === SCP_GROUP) return scpGroupChanges(event)
  if (aggregateType !== GROUP) return []
  const groupId = aggregateId
  switch (event.type) {
    case GroupMembersAdded.type:
    case GroupMembersRemoved.type: {
      const { userIds, applicationIds } = event.data as { userIds: string[]; applicationIds: string[] }
      const member = event.type === GroupMembersAdded.type
      return [...userIds, ...applicationIds].map((principalId) => ({ kind: 'membership', groupId, principalId, version, member }))
    }
    case GroupDeleted.type:
      return [{ kind: 'groupDeleted', groupId, version }]
    default:
      return []
  }
}

export function isPolicyEvent(event: StoredEvent): boolean {
  return parseStreamId(event.streamId).aggregateType === POLICY
}

/** What the grants need of a policy, folded from its stream: who holds it, and which compiled version. */
export interface PolicyGrantState {
  [attribute: string]: unknown
  /** The stream version this state is as of. */
  version: number
  principal: PolicyPrincipal
  /** The principal before the event at `version` (it loses the policy when it differs from `principal`). */
  previous: PolicyPrincipal
  /** The stream version of the rules in force (the compiled version). */
  pv: number
  live: boolean
}

const NONE: PolicyPrincipal = { kind: 'none' }

/** The state after `event`, or undefined when the event changes nothing the grants depend on. */
export function policyStep(state: PolicyGrantState | undefined, event: StoredEvent): PolicyGrantState | undefined {
  const version = event.version
  if (event.type === PolicyCreated.type) {
    const { principal } = event.data as { principal: PolicyPrincipal }
    return { version, principal, previous: NONE, pv: version, live: true }
  }
  if (!state) return undefined
  const carried = { ...state, version, previous: state.principal }
  switch (event.type) {
    case PolicyPrincipalChanged.type:
      return { ...carried, principal: (event.data as { principal: PolicyPrincipal }).principal }
    case PolicyPrincipalDetached.type:
      return { ...carried, principal: NONE }
    case PolicyRulesSet.type:
      return { ...carried, pv: version }
    case PolicyDeleted.type:
      return { ...carried, live: false }
    default:
      return undefined
  }
}

/** The changes of the policy event that produced `state`: its compiled version first, then who lost it, then who holds it. */
export function policyChanges(organizationId: string, policyId: string, state: PolicyGrantState, event: StoredEvent): GrantsChange[] {
  const changes: GrantsChange[] = []
  if (event.type === PolicyCreated.type || event.type === PolicyRulesSet.type) {
    const { rules } = event.data as { rules: Rule[] }
    changes.push({ kind: 'compiled', policyId, policyVersion: state.pv, model: compileScalewayVersion(organizationId, policyId, state.pv, rules) })
  }
  if (!samePrincipal(state.previous, state.principal)) changes.push(...holder(state.previous, policyId, state.version, null))
  changes.push(...holder(state.principal, policyId, state.version, state.live ? { pv: state.pv } : null))
  return changes
}

function holder(principal: PolicyPrincipal, policyId: string, version: number, grant: Grant): GrantsChange[] {
  switch (principal.kind) {
    case 'none':
      return []
    case 'group':
      return [{ kind: 'groupPolicy', groupId: principal.id, policyId, version, grant }]
    default:
      return [{ kind: 'direct', principalId: principal.id, policyId, version, grant }]
  }
}
