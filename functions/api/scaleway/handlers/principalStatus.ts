// `locked` of the users a list page shows, read from their principal status items: the items authentication reads,
// written with the events that lock and unlock (DESIGN §4), so a list never shows an older lock state than GetUser.
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb'
import { principalStatusKey } from '../../../../domain/core/principal/items.js'
import type { Dynamo } from '../../../store/dynamo.js'

const BATCH_GET_MAX = 100
const THROTTLED_RETRY_MS = 25

export async function lockedPrincipals(dynamo: Dynamo, organizationId: string, principalIds: readonly string[]): Promise<Set<string>> {
  const locked = new Set<string>()
  for (let start = 0; start < principalIds.length; start += BATCH_GET_MAX) {
    let keys: Array<Record<string, unknown>> = principalIds.slice(start, start + BATCH_GET_MAX).map((id) => ({ ...principalStatusKey(organizationId, id) }))
    while (keys.length > 0) {
      const out = await dynamo.doc.send(new BatchGetCommand({ RequestItems: { [dynamo.tables.state]: { Keys: keys, ConsistentRead: true } } }))
      for (const item of out.Responses?.[dynamo.tables.state] ?? []) {
        if (item.locked === true) locked.add(String(item.pk).slice(String(item.pk).lastIndexOf('#') + 1))
      }
      keys = (out.UnprocessedKeys?.[dynamo.tables.state]?.Keys ?? []) as Array<Record<string, unknown>>
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, THROTTLED_RETRY_MS))
    }
  }
  return locked
}
