// Quotas of an organization (spec §3.2 #44–45, §7). Reads are consistent: the quota stream is folded and the usage
// counters (written with every allocation) are read directly, so GET reflects every acknowledged write.
// PUT replaces the stored list; the new quantities must still cover the usage, which the counters check in the
// same request (400 "allocation exceeded quota" otherwise).
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError } from '../../../../domain/core/errors.js'
import { setQuotas } from '../../../../domain/nscale/quota/decide.js'
import type { QuotaEvent } from '../../../../domain/nscale/quota/events.js'
import { quotaDecider, quotaLimits, quotaStreamId, type QuotaState } from '../../../../domain/nscale/quota/evolve.js'
import { quotaPartition, quotaReads, quotaSetExtras, usageFromCounters } from '../../../../domain/nscale/quota/usage.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { answerWith, runCommand } from './resourceSupport.js'

/** The organization's quota state and its version, folded from its stream. */
export async function loadQuota(services: Pick<NscaleServices, 'store'>, organizationId: string): Promise<{ state: QuotaState; version: number }> {
  const streamId = quotaStreamId(organizationId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return { state: fold(quotaDecider, events as unknown as QuotaEvent[]), version: events.at(-1)?.version ?? 0 }
}

/** Usage per kind from the counter items, read consistently. */
async function readUsage(services: Pick<NscaleServices, 'dynamo'>, organizationId: string) {
  const { dynamo } = services
  const items: Record<string, unknown>[] = []
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await dynamo.doc.send(new QueryCommand({
      TableName: dynamo.tables.state, ConsistentRead: true, KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': quotaPartition(organizationId) }, ExclusiveStartKey,
    }))
    items.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey)
  return usageFromCounters(items)
}

async function renderQuotas(services: Pick<NscaleServices, 'dynamo'>, organizationId: string, state: QuotaState) {
  return { quotas: quotaReads(quotaLimits(state), await readUsage(services, organizationId)) }
}

export const quotaHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDQuotasGet', async ({ input, deps }) => {
    const organizationId = input.params.organizationID
    const { state } = await loadQuota(deps.services, organizationId)
    return { body: await renderQuotas(deps.services, organizationId, state) }
  }),

  operation('apiV1OrganizationsOrganizationIDQuotasPut', async ({ input, caller, meta, now, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const streamId = quotaStreamId(organizationId)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state, version } = await ctx.load(quotaDecider, streamId)
      const events = setQuotas(state, { quotas: input.body.quotas, at: now.toISOString(), by: caller.subject })
      if (isDomainError(events)) return events
      const after = fold(quotaDecider, events, state)
      const extras = events.length > 0 ? quotaSetExtras(organizationId, quotaLimits(after), version + 1) : []
      return { appends: [{ streamId, events }], extras, result: after }
    }, { scope: idempotency, status: 200, resourceIdOf: () => organizationId })
    if (isDomainError(written)) return written
    return answerWith(
      written,
      (state) => renderQuotas(deps.services, organizationId, state),
      async () => renderQuotas(deps.services, organizationId, (await loadQuota(deps.services, organizationId)).state),
    )
  }),
)
