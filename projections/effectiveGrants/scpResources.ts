// The SCP part of the effective grants that guards resources rather than principals: a role's trust policy and
// the resource-based policy of an SRN, compiled into one item per resource the check reads beside the
// principal's grants item (functions/authz/grantsRead.ts), in the same BatchGetItem.
//
//   resource/<canonical resource>   policies   map `policies`: `trust` (the role's trust policy, role stream
//                                              version) and `resource` (the resource-based policy, its stream
//                                              version) → {version, value: {statements (deflated), count} | null}
//
// Each entry comes from ONE stream and is written with setEntry, so redelivery and reordering are harmless. The
// statements are compiled here from the event alone (a whole document per event), nothing else is read.
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import { compileResourcePolicyDocument, compileTrustPolicyDocument, roleResource, type PolicyDocument } from '../../domain/scp/policyDocument/index.js'
import { RESOURCE_POLICY } from '../../domain/scp/resourcePolicy/evolve.js'
import { ROLE } from '../../domain/scp/role/evolve.js'
import type { Statement } from '../../domain/authz/statement.js'
import type { Model, ModelChange, ModelKey } from '../contract.js'
import { encodeStatements } from './compiled.js'

export const SCP_RESOURCE_SOURCES = [ROLE, RESOURCE_POLICY] as const
export const RESOURCE_POLICIES = 'policies'
export type ResourcePolicyEntry = 'trust' | 'resource'

export function resourcePoliciesKey(organizationId: string, resource: string): ModelKey {
  return { scope: organizationId, partition: `resource/${resource}`, sort: 'policies' }
}

export function isScpResourceEvent(event: StoredEvent): boolean {
  return (SCP_RESOURCE_SOURCES as readonly string[]).includes(parseStreamId(event.streamId).aggregateType)
}

export function scpResourceChanges(event: StoredEvent): ModelChange[] {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  const accountId = organizationId
  const policyVersion = event.version
  const data = event.data as { trustPolicy?: PolicyDocument; document?: PolicyDocument; srn?: string; resource?: string }
  if (aggregateType === ROLE) {
    const resource = roleResource(accountId, aggregateId)
    if (event.type === 'ScpRoleCreated' || event.type === 'ScpRoleTrustPolicySet') {
      const statements = compileTrustPolicyDocument(data.trustPolicy as PolicyDocument, { accountId, roleId: aggregateId, policyVersion })
      return [entry(organizationId, resource, 'trust', statements, policyVersion)]
    }
    return event.type === 'ScpRoleDeleted' ? [entry(organizationId, resource, 'trust', null, policyVersion)] : []
  }
  if (aggregateType !== RESOURCE_POLICY || data.resource === undefined) return []
  if (event.type === 'ScpResourcePolicyVersionAdded') {
    const statements = compileResourcePolicyDocument(data.document as PolicyDocument, { accountId, srn: data.srn as string, policyVersion })
    return [entry(organizationId, data.resource, 'resource', statements, policyVersion)]
  }
  return event.type === 'ScpResourcePolicyDeleted' ? [entry(organizationId, data.resource, 'resource', null, policyVersion)] : []
}

function entry(organizationId: string, resource: string, name: ResourcePolicyEntry, statements: Statement[] | null, version: number): ModelChange {
  return { kind: 'setEntry', key: resourcePoliciesKey(organizationId, resource), map: RESOURCE_POLICIES, entry: name, value: statements && encodeStatements(statements), version }
}

/** The live entries of a resource item: which policy, as of which stream version, and its compiled model. */
export function resourcePoliciesOf(model: Model | undefined): Array<{ entry: ResourcePolicyEntry; version: number; model: Model }> {
  const entries = (model?.[RESOURCE_POLICIES] ?? {}) as Record<string, { version: number; value: Model | null }>
  return Object.entries(entries).flatMap(([name, stored]) =>
    stored.value ? [{ entry: name as ResourcePolicyEntry, version: stored.version, model: stored.value }] : [])
}
