// The check's reads. A check is one BatchGetItem over two tables: the principal's grants item (read table), its
// status item, its organization's status item (the tenant's tombstone) and the projection's version pointer
// (state table), and the watermarks of any consistency token
// (read table), and the guarding items of the SCP resources asked about (trust and resource-based policies).
// Compiled policy versions a process has not cached yet cost one more BatchGetItem per 100.
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb'
import { organizationDeletedBy, organizationStatusKey } from '../../domain/core/organization/items.js'
import { principalStatusKey, type PrincipalStatusItem } from '../../domain/core/principal/items.js'
import { compiledPolicyKey, decodeCompiledPolicy, FACTS, grantsKey, type CompiledPolicy, type Facts } from '../../projections/effectiveGrants/index.js'
import { resourcePoliciesKey } from '../../projections/effectiveGrants/scpResources.js'
import { backoff, chunk, keyId, sleep } from '../projector/dynamoBatch.js'
import { modelItemKey, pointerKey, watermarkKey, type ItemKey } from '../projector/keys.js'
import type { Dynamo } from '../store/dynamo.js'

export interface GrantsReadInput {
  projection: string
  /** The projection version to read; the answer says whether the pointer still names it. */
  version: number
  organizationId: string
  principalId: string
  /** Streams whose watermarks to read along. */
  streams: readonly string[]
  /** Resources whose guarding item (SCP trust and resource-based policies, resourcePolicies.ts) to read along. */
  resources?: readonly string[]
}

export interface GrantsRead {
  /** The version the pointer names now (1 when it was never switched). */
  pointer: number
  facts: Facts | undefined
  status: PrincipalStatusItem | undefined
  /** Whether the principal's organization is deleted: then nothing it holds counts. */
  organizationDeleted: boolean
  watermarks: Map<string, number>
  /** The guarding item of each resource asked for (undefined: none). */
  resourceItems: Map<string, Record<string, unknown> | undefined>
}

/** BatchGetItem's limit on keys per request. */
export const BATCH_KEYS = 100

export async function readGrants(dynamo: Dynamo, input: GrantsReadInput): Promise<GrantsRead> {
  const grants = modelItemKey(input.projection, input.version, grantsKey(input.organizationId, input.principalId))
  const status = principalStatusKey(input.organizationId, input.principalId)
  const organization = organizationStatusKey(input.organizationId)
  const pointer = pointerKey(input.projection)
  const watermarks = input.streams.map((streamId) => watermarkKey(input.projection, input.version, streamId))
  const resources = (input.resources ?? []).map((resource) => modelItemKey(input.projection, input.version, resourcePoliciesKey(input.organizationId, resource)))
  const found = await batchGetTables(dynamo, { [dynamo.tables.read]: [grants, ...watermarks, ...resources], [dynamo.tables.state]: [status, organization, pointer] })
  const pointerVersion = found.get(keyId(pointer))?.version
  return {
    pointer: typeof pointerVersion === 'number' ? pointerVersion : 1,
    facts: found.get(keyId(grants))?.[FACTS] as Facts | undefined,
    status: found.get(keyId(status)) as PrincipalStatusItem | undefined,
    organizationDeleted: organizationDeletedBy(found.get(keyId(organization))),
    watermarks: new Map(input.streams.map((streamId, index) => {
      const version = found.get(keyId(watermarks[index] as ItemKey))?.version
      return [streamId, typeof version === 'number' ? version : 0]
    })),
    resourceItems: new Map((input.resources ?? []).map((resource, index) => [resource, found.get(keyId(resources[index] as ItemKey))])),
  }
}

export interface CompiledRef {
  policyId: string
  policyVersion: number
}

/** Compiled policy versions by `policyId@policyVersion`; a version not found is absent from the map. */
export async function readCompiledPolicies(
  dynamo: Dynamo,
  projection: string,
  version: number,
  organizationId: string,
  refs: readonly CompiledRef[],
): Promise<Map<string, CompiledPolicy>> {
  const keys = refs.map((ref) => ({ ref, key: modelItemKey(projection, version, compiledPolicyKey(organizationId, ref.policyId, ref.policyVersion)) }))
  const out = new Map<string, CompiledPolicy>()
  await Promise.all(chunk(keys, BATCH_KEYS).map(async (batch) => {
    const found = await batchGetTables(dynamo, { [dynamo.tables.read]: batch.map(({ key }) => key) })
    for (const { ref, key } of batch) {
      const item = found.get(keyId(key))
      if (item) out.set(`${ref.policyId}@${ref.policyVersion}`, decodeCompiledPolicy(item))
    }
  }))
  return out
}

/**
 * One consistent BatchGetItem over several tables, repeated only for keys DynamoDB left unprocessed; past 100
 * keys (a batch check naming many SCP resources), several such requests in parallel.
 */
async function batchGetTables(dynamo: Dynamo, keysByTable: Record<string, readonly ItemKey[]>): Promise<Map<string, Record<string, unknown>>> {
  const pairs = Object.entries(keysByTable).flatMap(([table, keys]) => keys.map((key) => [table, key] as const))
  if (pairs.length <= BATCH_KEYS) return batchGetOnce(dynamo, keysByTable)
  const parts = await Promise.all(chunk(pairs, BATCH_KEYS).map((part) => {
    const byTable: Record<string, ItemKey[]> = {}
    for (const [table, key] of part) (byTable[table] ??= []).push(key)
    return batchGetOnce(dynamo, byTable)
  }))
  return new Map(parts.flatMap((part) => [...part]))
}

async function batchGetOnce(dynamo: Dynamo, keysByTable: Record<string, readonly ItemKey[]>): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>()
  let pending: Record<string, { Keys: Array<Record<string, unknown>>; ConsistentRead: true }> = {}
  for (const [table, keys] of Object.entries(keysByTable)) {
    if (keys.length > 0) pending[table] = { Keys: keys.map((key) => ({ pk: key.pk, sk: key.sk })), ConsistentRead: true }
  }
  for (let attempt = 0; Object.keys(pending).length > 0; attempt++) {
    if (attempt > 0) await sleep(backoff(attempt))
    const out = await dynamo.doc.send(new BatchGetCommand({ RequestItems: pending }))
    for (const items of Object.values(out.Responses ?? {})) {
      for (const item of items) found.set(keyId(item as unknown as ItemKey), item)
    }
    pending = (out.UnprocessedKeys ?? {}) as typeof pending
  }
  return found
}
