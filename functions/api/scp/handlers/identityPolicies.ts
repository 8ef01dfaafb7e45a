// Policies bound to one identity, seen from the identity (UPB-1..3 for users, GPB-1..3 for groups; scp-roles'
// RPB-* bind roles through the same domain plan). Attaching answers the identity's full set afterwards (decision
// §6.38); attaching a bound policy changes nothing; detaching one that is not bound is 404 (§6.37).
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import type { IdentityType } from '../../../../domain/scp/links/events.js'
import { linksStream } from '../../../../domain/scp/links/evolve.js'
import { identityIsLive } from '../../../../domain/scp/links/identities.js'
import { loadBindingStates, planBindings } from '../../../../domain/scp/policy/bind.js'
import { livePolicy } from '../../../../domain/scp/policy/evolve.js'
import type { ScpRequest, ScpSuccess } from '../operation.js'
import { paginate } from '../paging.js'
import { canonicalIds } from './identityIds.js'
import { loadLinks, loadPolicies, renderPolicies, type PolicyView } from './identityViews.js'
import { runWrite, respond, respondEmpty } from './identityWrites.js'
import { policyMatches, POLICY_SORT_KEYS, type BoundPolicyListQuery } from './policySchemas.js'

/** The identity's bound policies, rendered, in the order they were bound. */
export async function boundPolicies(request: Pick<ScpRequest, 'services' | 'organizationId'>, identityId: Id): Promise<PolicyView[]> {
  const links = await loadLinks(request.services, request.organizationId, identityId)
  const policies = await loadPolicies(request.services, request.organizationId, links.policyIds)
  return renderPolicies(request.services, request.organizationId, links.policyIds.flatMap((id) => policies.get(id) ?? []))
}

export async function changeIdentityPolicies(
  request: ScpRequest,
  identityType: IdentityType,
  identityId: Id,
  policyIds: readonly string[] | undefined,
  bind: boolean,
  render: (policies: PolicyView[]) => unknown,
): Promise<ScpSuccess | DomainError> {
  const { organizationId, now, principal } = request
  const ids = canonicalIds('policy_ids', policyIds)
  if (isDomainError(ids)) return ids
  const outcome = await runWrite(request, {
    serializeOn: [linksStream(organizationId, identityId)],
    status: bind ? 200 : 204,
    resourceIdOf: () => identityId,
    plan: async (ctx) => {
      if (!(await identityIsLive(ctx, organizationId, identityType, identityId))) return notFound(identityType.toLowerCase(), identityId)
      const changes = ids.map((policyId) => ({ policyId, identityType, identityId, bind }))
      const states = await loadBindingStates(ctx, organizationId, changes)
      for (const policyId of ids) {
        const policy = livePolicy(states.policies.get(policyId) ?? { deleted: false })
        if (!policy) return notFound('policy', policyId)
        if (!bind && !states.links.get(identityId)?.policyIds.includes(policyId)) return notFound('policy_binding', policyId)
      }
      const writes = planBindings(organizationId, states, changes, now.toISOString(), principal.id)
      return isDomainError(writes) ? writes : { writes, result: identityId }
    },
  })
  if (!bind) return respondEmpty(outcome)
  const answer = async () => render(await boundPolicies(request, identityId))
  return respond(outcome, answer, answer)
}

export async function listIdentityPolicies(request: ScpRequest<ReturnType<typeof BoundPolicyListQuery.parse>>, identityId: Id) {
  const views = (await boundPolicies(request, identityId)).filter((view) => policyMatches(view, request.query))
  const page = paginate(views, request.query, { sortKeys: POLICY_SORT_KEYS, defaultSort: 'created_at:desc', idOf: (view) => view.id })
  return { count: page.count, page: page.page, size: page.size, sort: page.sort, policies: page.items }
}
