// SCP identity policies (POL-1..7) and their bindings seen from the policy (PBD-1..2). Writes plan with the policy
// aggregate (domain/scp/policy); ShowPolicy and the binding list fold the policy's own stream; ListPolicies and
// QueryPolicies read the policy list projection, their exclusion filters fold the named identity's links.
// Decisions: a new version becomes the default unless default_version_id names another; deleting a bound policy
// is 409 (bulk: all or nothing); PBD-2 applies add_ids, then remove_ids (an id in both ends unbound).
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { ulidIds, type Id } from '../../../../domain/core/ids.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import type { IdentityType } from '../../../../domain/scp/links/events.js'
import { identityIsLive } from '../../../../domain/scp/links/identities.js'
import { loadBindingStates, planBindings, type BindingChange } from '../../../../domain/scp/policy/bind.js'
import { DEFAULT_SERVICE_TYPE } from '../../../../domain/scp/policy/decide.js'
import { livePolicy, policyDecider, policyStream, type Binding, type Policy } from '../../../../domain/scp/policy/evolve.js'
import { planCreatePolicy, planDeletePolicies, planSetPolicy } from '../../../../domain/scp/policy/plan.js'
import { SCP_POLICY_LIST, SCP_POLICY_LIST_PARTITION, type PolicyListItem } from '../../../../projections/scp/policyList.js'
import { defineHandlers, operation, type ScpRequest } from '../operation.js'
import { paginate } from '../paging.js'
import { coveredFor } from '../../../projector/organizationReads.js'
import { renderBindings } from './bindingViews.js'
import { canonicalFilter, canonicalIds } from './identityIds.js'
import { runWrite, respond, respondEmpty } from './identityWrites.js'
import { loadLinks, loadPolicies, renderPolicies } from './identityViews.js'
import {
  ListPolicyRemoveRequest, PolicyBindingListQuery, PolicyBindingPageResponse, PolicyBindingSetRequest, PolicyCreateRequest, PolicyListQuery,
  PolicyPageResponse, PolicyQueryRequest, PolicySetRequest, PolicyView, policyMatches, POLICY_SORT_KEYS,
} from './policySchemas.js'

type PolicyListRequest = ScpRequest<ReturnType<typeof PolicyListQuery.parse>>

async function showPolicy(request: Pick<ScpRequest, 'services' | 'organizationId'>, policyId: string): Promise<unknown | DomainError> {
  const policy = (await loadPolicies(request.services, request.organizationId, [policyId])).get(policyId)
  if (!policy) return notFound('policy', policyId)
  const [view] = await renderPolicies(request.services, request.organizationId, [policy])
  return view
}

async function listPolicies(request: PolicyListRequest, excluded: readonly string[]) {
  const { services, organizationId, query } = request
  const stale = await coveredFor(services.projector, organizationId, SCP_POLICY_LIST, request.consistencyTokens)
  if (stale) return stale
  const exclusions = new Set(excluded)
  for (const identity of [query.exclude_group_id, query.exclude_user_id]) {
    const id = canonicalFilter(identity)
    if (id) for (const policyId of (await loadLinks(services, organizationId, id)).policyIds) exclusions.add(policyId)
  }
  const entries = await services.readStore.query<PolicyListItem>(SCP_POLICY_LIST, organizationId, SCP_POLICY_LIST_PARTITION)
  const policies = entries.map(({ model }) => ({ ...model, bindings: [] }) as Policy).filter((policy) => !exclusions.has(policy.id))
  const views = (await renderPolicies(services, organizationId, policies)).filter((view) => policyMatches(view, query))
  const page = paginate(views, query, { sortKeys: POLICY_SORT_KEYS, defaultSort: 'created_at:desc', idOf: (view) => view.id })
  return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, policies: page.items } }
}

/** Deletion: identities bound to the policies that no longer exist do not hold them back. */
async function goneIdentities(ctx: CommandContext, organizationId: Id, bindings: readonly Binding[]) {
  const live = await Promise.all(bindings.map((binding) => identityIsLive(ctx, organizationId, binding.identityType, binding.identityId)))
  return bindings.filter((_, index) => !live[index])
}

async function deletePolicies(request: ScpRequest, ids: readonly Id[]) {
  const { organizationId, now, principal } = request
  const streams = ids.map((id) => policyStream(organizationId, id))
  const outcome = await runWrite(request, {
    serializeOn: streams,
    status: 204,
    resourceIdOf: () => ids.join(','),
    plan: async (ctx) => {
      const deletions = []
      for (const id of ids) {
        const { state } = await ctx.load(policyDecider, policyStream(organizationId, id))
        const policy = livePolicy(state)
        if (!policy) return notFound('policy', id)
        const gone = await goneIdentities(ctx, organizationId, policy.bindings)
        deletions.push({ state, command: { type: 'DeletePolicy' as const, organizationId, id, at: now.toISOString(), by: principal.id, goneIdentities: gone } })
      }
      const writes = planDeletePolicies(deletions)
      return isDomainError(writes) ? writes : { writes, result: ids }
    },
  })
  return respondEmpty(outcome)
}

/** PBD-2: adds then removes; the identities added must exist in the account. */
async function setBindings(request: ScpRequest<unknown, ReturnType<typeof PolicyBindingSetRequest.parse>>) {
  const { organizationId, now, principal, params, body } = request
  const policyId = params.policy_id!
  const identityType: IdentityType = body.identity_type
  const added = canonicalIds('add_ids', body.add_ids)
  if (isDomainError(added)) return added
  const removed = canonicalIds('remove_ids', body.remove_ids)
  if (isDomainError(removed)) return removed
  const stream = policyStream(organizationId, policyId)
  const outcome = await runWrite(request, {
    serializeOn: [stream],
    resourceIdOf: () => policyId,
    plan: async (ctx) => {
      for (const id of added) if (!(await identityIsLive(ctx, organizationId, identityType, id))) return notFound(identityType.toLowerCase(), id)
      const changes: BindingChange[] = [
        ...added.map((identityId) => ({ policyId, identityType, identityId, bind: true })),
        ...removed.map((identityId) => ({ policyId, identityType, identityId, bind: false })),
      ]
      const states = await loadBindingStates(ctx, organizationId, changes.length > 0 ? changes : [{ policyId, identityType, identityId: policyId, bind: false }])
      if (!livePolicy(states.policies.get(policyId) ?? { deleted: false })) return notFound('policy', policyId)
      const writes = planBindings(organizationId, states, changes, now.toISOString(), principal.id)
      return isDomainError(writes) ? writes : { writes, result: policyId }
    },
  })
  const bindingsNow = async () => listBindings({ ...request, query: {} }, policyId)
  return respond(outcome, bindingsNow, bindingsNow)
}

async function listBindings(request: Pick<ScpRequest, 'services' | 'organizationId'> & { query: ReturnType<typeof PolicyBindingListQuery.parse> }, policyId: string) {
  const { services, organizationId, query } = request
  const policy = (await loadPolicies(services, organizationId, [policyId])).get(policyId)
  if (!policy) return notFound('policy', policyId)
  const identityId = canonicalFilter(query.identity_id)
  const bindings = policy.bindings.filter((binding) =>
    (identityId === undefined || binding.identityId === identityId) && (query.identity_type === undefined || binding.identityType === query.identity_type))
  return { ...(await renderBindings(services, organizationId, bindings, query)), policy_id: policyId }
}

export const policyHandlers = defineHandlers(
  operation('CreatePolicy', {
    body: PolicyCreateRequest,
    response: PolicyView,
    status: 201,
    handler: async (request) => {
      const { body, organizationId, now, principal } = request
      const id = ulidIds.newId()
      const version = body.policy_version
      const command = {
        type: 'CreatePolicy' as const,
        organizationId,
        id,
        at: now.toISOString(),
        by: principal.id,
        name: body.policy_name,
        description: body.description ?? null,
        category: body.policy_category ?? 'IDENTITY_BASED',
        policyType: body.policy_type ?? 'USER_DEFINED',
        serviceType: body.service_type ?? DEFAULT_SERVICE_TYPE,
        tags: body.tags ?? [],
        version: { versionId: ulidIds.newId(), document: version.policy_document, ...(version.policy_version_name ? { name: version.policy_version_name } : {}) },
      }
      const outcome = await runWrite(request, {
        serializeOn: [policyStream(organizationId, id)],
        status: 201,
        resourceIdOf: () => id,
        plan: async () => {
          const writes = planCreatePolicy(command)
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      const reload = (policyId: string) => showPolicy(request, policyId)
      const created = await respond(outcome, reload, reload)
      return isDomainError(created) ? created : { ...created, status: 201 }
    },
  }),

  operation('ShowPolicy', {
    response: PolicyView,
    handler: async (request) => {
      const view = await showPolicy(request, request.params.policy_id!)
      return isDomainError(view) ? view : { body: view }
    },
  }),

  operation('SetPolicy', {
    body: PolicySetRequest,
    response: PolicyView,
    handler: async (request) => {
      const { body, organizationId, now, principal, params } = request
      const id = params.policy_id!
      const stream = policyStream(organizationId, id)
      const version = body.policy_version
      const outcome = await runWrite(request, {
        serializeOn: [stream],
        resourceIdOf: () => id,
        plan: async (ctx) => {
          const { state } = await ctx.load(policyDecider, stream)
          const writes = planSetPolicy(state, {
            type: 'SetPolicy',
            organizationId,
            id,
            at: now.toISOString(),
            by: principal.id,
            ...(body.policy_name != null ? { name: body.policy_name } : {}),
            ...(body.description !== undefined ? { description: body.description } : {}),
            ...(body.default_version_id != null ? { defaultVersionId: body.default_version_id.replaceAll('-', '').toLowerCase() } : {}),
            ...(version
              ? {
                  version: {
                    versionId: ctx.ids.newId(),
                    document: version.policy_document,
                    ...(version.policy_version_id ? { clientVersionId: version.policy_version_id.replaceAll('-', '').toLowerCase() } : {}),
                    ...(version.policy_version_name ? { name: version.policy_version_name } : {}),
                  },
                }
              : {}),
          })
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      const reload = (policyId: string) => showPolicy(request, policyId)
      return respond(outcome, reload, reload)
    },
  }),

  operation('DeletePolicy', { handler: (request) => deletePolicies(request, [request.params.policy_id!]) }),

  operation('DeletePoliciesBulk', {
    body: ListPolicyRemoveRequest,
    handler: async (request) => {
      const ids = canonicalIds('ids', request.body.ids)
      if (isDomainError(ids)) return ids
      return ids.length === 0 ? {} : deletePolicies(request, ids)
    },
  }),

  operation('ListPolicies', { query: PolicyListQuery, response: PolicyPageResponse, handler: (request) => listPolicies(request, []) }),

  operation('QueryPolicies', {
    query: PolicyListQuery,
    body: PolicyQueryRequest,
    response: PolicyPageResponse,
    handler: async (request) => {
      const excluded = canonicalIds('excluded_policy_ids', request.body.excluded_policy_ids)
      return isDomainError(excluded) ? excluded : listPolicies(request, excluded)
    },
  }),

  operation('ListPolicyBindings', {
    query: PolicyBindingListQuery,
    response: PolicyBindingPageResponse,
    handler: async (request) => {
      const listed = await listBindings(request, request.params.policy_id!)
      return isDomainError(listed) ? listed : { body: listed }
    },
  }),

  operation('SetPolicyBindings', { body: PolicyBindingSetRequest, response: PolicyBindingPageResponse, handler: setBindings }),
)
