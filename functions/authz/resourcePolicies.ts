// The policies that guard a resource rather than a principal (SCP): a role's trust policy and the resource-based
// policy of an SRN, both compiled into the resource's item of the effective grants
// (projections/effectiveGrants/scpResources.ts). The check reads the items of the SCP resources it is asked
// about in the SAME BatchGetItem as the grants item, so a warm check stays one DynamoDB request; only resources
// of the principal's own organization that have an SCP shape (`org/<org>/region/…`) are read, so Scaleway and
// nscale checks read nothing more.
//
// Semantics (AWS, same account): the resource's statements join the principal's own, with the principal's
// canonical string (`org/<org>/region/-/iam/<kind>/<id>`) matched against their `principals`; any applicable
// deny wins. `sts:AssumeRole` on a role is decided by the role's trust policy: the principal's own allows (and the
// organization owner's standing) do not admit it, though its own denies still refuse it.
import { parseResource } from '../../domain/authz/resource.js'
import { parseSrn, srnToResource } from '../../domain/authz/srn.js'
import type { MatchedStatement } from '../../domain/authz/evaluate.js'
import { DomainFailure, invalidArgument } from '../../domain/core/errors.js'
import type { PrincipalKind } from '../../domain/core/principal/events.js'
import { principalResource } from '../../domain/scp/policyDocument/principal.js'
import { ASSUME_ROLE_ACTION } from '../../domain/scp/role/trust.js'
import { decodeCompiledPolicy, type PolicyRef } from '../../projections/effectiveGrants/index.js'
import { resourcePoliciesOf, type ResourcePolicyEntry } from '../../projections/effectiveGrants/scpResources.js'
import type { Model } from '../../projections/contract.js'
import { compiledCacheKey, type CachedPolicy, type CompiledCache } from './compiledCache.js'

export interface GuardingPolicy {
  ref: PolicyRef
  entry: ResourcePolicyEntry
  policy: CachedPolicy
}

/** The resources among `resources` whose guarding item the check reads: SCP resources of the organization. */
export function guardedResources(organizationId: string, resources: Iterable<string>): string[] {
  const out = new Set<string>()
  for (const resource of resources) {
    const parts = parseResource(resource)
    if (parts && parts.orgId === organizationId && parts.region !== undefined && parts.service !== undefined) out.add(resource)
  }
  return [...out]
}

/** Decoded and compiled once per (projection version, resource, entry, stream version), then cached. */
export function guardingPolicies(cache: CompiledCache, projectionVersion: number, organizationId: string, resource: string, item: Model | undefined): GuardingPolicy[] {
  return resourcePoliciesOf(item).map(({ entry, version, model }) => {
    const policyId = `${entry}/${resource}`
    const key = compiledCacheKey(projectionVersion, organizationId, policyId, version)
    const policy = cache.get(key) ?? cache.set(key, decodeCompiledPolicy(model))
    return { ref: { policyId, policyVersion: version, path: `${entry}/${resource}` }, entry, policy }
  })
}

/** The canonical string resource-based and trust statements match `principals` against. */
export function principalString(principal: { organizationId: string; kind: PrincipalKind; id: string }): string {
  return principalResource(principal.organizationId, principal.kind, principal.id)
}

/** True when the role's trust policy decides: `sts:AssumeRole` on a role. */
export function isAssumeRole(action: string, resource: string): boolean {
  return action.toLowerCase() === ASSUME_ROLE_ACTION.toLowerCase() && parseResource(resource)?.service === 'iam' && parseResource(resource)?.type === 'role'
}

/** Whether a trust statement is among the deciding allows. */
export function admittedByTrust(matched: readonly MatchedStatement[]): boolean {
  return matched.some((statement) => statement.effect === 'allow' && statement.source.surface === 'scp' && statement.source.policyId.startsWith('trust/'))
}

/** A check may name its resource by SRN (`srn:{env}::{account}:…`); an empty account is the principal's. */
export function canonicalResource(resource: string, organizationId: string): string {
  if (!resource.startsWith('srn:')) return resource
  const srn = parseSrn(resource)
  const canonical = srn && srnToResource(srn, { account: organizationId })
  if (!canonical) throw new DomainFailure(invalidArgument('resource', 'is not a well-formed SRN srn:{env}::{account}:{region}::{service}:{type}/{id}', 'format'))
  return canonical
}
