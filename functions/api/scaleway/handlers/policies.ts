// Policies (spec §1.5, §4.4): exactly one principal, rules validated by the compiler, the principal's link written
// on its own stream (so deleting it detaches the policy in one request). GetPolicy folds the policy's stream;
// ListPolicies reads the policy list projection. Effective grants follow from the policy events (projection).
import { isDomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import {
  livePolicy, planClonePolicy, planCreatePolicy, planDeletePolicy, planUpdatePolicy, policyDecider, policyStream, principalOf, ruleCount,
  samePrincipal, stateAfter, type Policy,
} from '../../../../domain/scaleway/index.js'
import { POLICY_LIST, POLICY_LIST_PARTITION, type PolicyListItem } from '../../../../projections/scaleway/policyList.js'
import type { ScalewayServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { anyTagContains, contains, equals, oneOf, paginate } from '../paging.js'
import { respond, respondEmpty, runWrite } from './command.js'
import { policyCreationQuota } from './grantsBound.js'
import { identifiedRules, loadPolicy, policyFields, principalProfile, renderPolicy, ruleResolver } from './policyRules.js'
import { readModels } from './readModels.js'

const renderFull = (policy: Policy) => renderPolicy(policyFields(policy))

const reloadPolicy = (services: ScalewayServices, organizationId: Id) => async (policyId: string) => {
  const policy = await loadPolicy(services, organizationId, policyId)
  return isDomainError(policy) ? policy : renderFull(policy)
}

interface PrincipalBody {
  user_id?: Id
  group_id?: Id
  application_id?: Id
  no_principal?: boolean
}

const principalFields = (body: PrincipalBody) => ({
  userId: body.user_id,
  groupId: body.group_id,
  applicationId: body.application_id,
  noPrincipal: body.no_principal,
})

export const policyHandlers = defineHandlers(
  operation('ListPolicies', async (request) => {
    const { input, deps } = request
    const query = input.query
    const policies = await readModels<PolicyListItem>(deps.services, request, POLICY_LIST, POLICY_LIST_PARTITION)
    if (isDomainError(policies)) return policies
    const page = paginate(policies, {
      filter: (policy) =>
        contains(policy.name, query.policy_name) &&
        anyTagContains(policy.tags, query.tag) &&
        equals(policy.editable, query.editable) &&
        equals(policy.principal.kind === 'none', query.no_principal) &&
        oneOf(policy.id, query.policy_ids) &&
        principalIn(policy, query),
      orderBy: query.order_by,
      sortKeys: { policy_name: (policy) => policy.name, created_at: (policy) => policy.createdAt },
      tieBreaker: (policy) => policy.id,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { policies: page.items.map(renderPolicy), total_count: page.total_count } }
  }),

  operation('CreatePolicy', async (request) => {
    const { input, deps, organizationId } = request
    const principal = principalOf(principalFields(input.body))
    if (isDomainError(principal)) return principal
    const id = deps.ids.newId()
    const rules = identifiedRules(input.body.rules, deps.ids)
    const stream = policyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (policy: Policy) => policy.id,
      plan: async (ctx) => {
        const { name, description, tags } = input.body
        const command = {
          type: 'CreatePolicy', organizationId, id, name, description, tags, principal, rules,
          resolveRules: await ruleResolver(ctx, organizationId, rules),
          quota: await policyCreationQuota(ctx, organizationId),
          at: ctx.now.toISOString(),
        } as const
        const writes = planCreatePolicy(await principalProfile(ctx, organizationId, principal), command)
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(policyDecider, { deleted: false }, writes, stream).policy! }
      },
    })
    return respond(outcome, renderFull, reloadPolicy(deps.services, organizationId))
  }),

  operation('GetPolicy', async ({ input, deps, principal }) => {
    const policy = await loadPolicy(deps.services, principal.organizationId, input.params.policy_id)
    return isDomainError(policy) ? policy : { body: renderFull(policy) }
  }),

  operation('UpdatePolicy', async (request) => {
    const { input, deps, principal: caller } = request
    const organizationId = caller.organizationId
    const principal = principalOf(principalFields(input.body))
    if (isDomainError(principal)) return principal
    const id = input.params.policy_id
    const stream = policyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (policy: Policy) => policy.id,
      plan: async (ctx) => {
        const { state } = await ctx.load(policyDecider, stream)
        const { name, description, tags } = input.body
        const command = { type: 'UpdatePolicy', organizationId, id, name, description, tags, principal, at: ctx.now.toISOString() } as const
        const current = livePolicy(state)?.principal
        const changing = principal !== undefined && current !== undefined && !samePrincipal(principal, current)
        const [previous, next] = changing
          ? await Promise.all([principalProfile(ctx, organizationId, current), principalProfile(ctx, organizationId, principal)])
          : [undefined, undefined]
        const writes = planUpdatePolicy(state, { previous, next }, command)
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(policyDecider, state, writes, stream).policy! }
      },
    })
    return respond(outcome, renderFull, reloadPolicy(deps.services, organizationId))
  }),

  operation('DeletePolicy', async (request) => {
    const { input, principal: caller } = request
    const organizationId = caller.organizationId
    const id = input.params.policy_id
    const stream = policyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      status: 204,
      resourceIdOf: () => id,
      plan: async (ctx) => {
        const { state } = await ctx.load(policyDecider, stream)
        const profile = await principalProfile(ctx, organizationId, livePolicy(state)?.principal)
        const writes = planDeletePolicy(state, profile, { type: 'DeletePolicy', organizationId, id, at: ctx.now.toISOString() })
        return isDomainError(writes) ? writes : { writes, result: id }
      },
    })
    return respondEmpty(outcome)
  }),

  operation('ClonePolicy', async (request) => {
    const { input, deps, principal } = request
    const organizationId = principal.organizationId
    const id = input.params.policy_id
    const cloneId = deps.ids.newId()
    const source = policyStream(organizationId, id)
    const stream = policyStream(organizationId, cloneId)
    const outcome = await runWrite(request, {
      serializeOn: [source, stream],
      resourceIdOf: (policy: Policy) => policy.id,
      plan: async (ctx) => {
        const { state } = await ctx.load(policyDecider, source)
        const ruleIds = Array.from({ length: ruleCount(state) }, () => ctx.ids.newId())
        const quota = await policyCreationQuota(ctx, organizationId)
        const writes = planClonePolicy(state, { organizationId, id, cloneId, ruleIds, quota, at: ctx.now.toISOString() })
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(policyDecider, { deleted: false }, writes, stream).policy! }
      },
    })
    return respond(outcome, renderFull, reloadPolicy(deps.services, organizationId))
  }),
)

/**
 * `user_ids`, `group_ids` and `application_ids` combine with OR: a policy names one principal, so AND across
 * them would always be empty (spec §5.3 #20). Absent lists do not filter.
 */
function principalIn(policy: PolicyListItem, query: { user_ids?: string[]; group_ids?: string[]; application_ids?: string[] }): boolean {
  const lists = { user: query.user_ids, group: query.group_ids, application: query.application_ids }
  if (lists.user === undefined && lists.group === undefined && lists.application === undefined) return true
  const principal = policy.principal
  if (principal.kind === 'none') return false
  return (lists[principal.kind] ?? []).includes(principal.id)
}
