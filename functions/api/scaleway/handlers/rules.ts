// Rules (spec §1.6): ListRules reads the policy's own stream (rules are part of the policy, always current), in the
// order SetRules gave them; SetRules replaces them wholesale, validated by the compiler, new rule ids each time.
import { isDomainError } from '../../../../domain/core/errors.js'
import { planSetRules, policyDecider, policyStream, stateAfter } from '../../../../domain/scaleway/index.js'
import { defineHandlers, operation } from '../operation.js'
import { paginate } from '../paging.js'
import { respond, runWrite } from './command.js'
import { identifiedRules, loadPolicy, renderRule, ruleResolver } from './policyRules.js'

export const ruleHandlers = defineHandlers(
  operation('ListRules', async ({ input, deps, principal }) => {
    const policy = await loadPolicy(deps.services, principal.organizationId, input.query.policy_id)
    if (isDomainError(policy)) return policy
    const page = paginate(policy.rules, { page: input.query.page, pageSize: input.query.page_size })
    return { body: { rules: page.items.map(renderRule), total_count: page.total_count } }
  }),

  operation('SetRules', async (request) => {
    const { input, deps, principal } = request
    const organizationId = principal.organizationId
    const id = input.body.policy_id
    const rules = identifiedRules(input.body.rules, deps.ids)
    const stream = policyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: () => id,
      plan: async (ctx) => {
        const { state } = await ctx.load(policyDecider, stream)
        const command = {
          type: 'SetRules', organizationId, id, rules,
          resolveRules: await ruleResolver(ctx, organizationId, rules),
          at: ctx.now.toISOString(),
        } as const
        const writes = planSetRules(state, command)
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(policyDecider, state, writes, stream).policy!.rules }
      },
    })
    return respond(
      outcome,
      (after) => ({ rules: after.map(renderRule) }),
      async (policyId) => {
        const policy = await loadPolicy(deps.services, organizationId, policyId)
        return isDomainError(policy) ? policy : { rules: policy.rules.map(renderRule) }
      },
    )
  }),
)
