// Batched DynamoDB reads and writes with the retries the API asks for (unprocessed keys and items).
import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { ItemKey } from './keys.js'

type Item = Record<string, unknown>

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Runs `work` over `items` with at most `limit` in flight; rejects with the first error once all have settled. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  const errors: unknown[] = []
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      try {
        results[index] = await work(items[index] as T, index)
      } catch (error) {
        errors.push(error)
      }
    }
  })
  await Promise.all(lanes)
  if (errors.length > 0) throw errors[0]
  return results
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

export function backoff(attempt: number, baseMs = 20, capMs = 1000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt)
}

export function keyId(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`
}

/** Consistent BatchGetItem of any number of keys of one table; the result is keyed by `keyId`. */
export async function batchGet(doc: DynamoDBDocumentClient, table: string, keys: readonly ItemKey[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>()
  const unique = [...new Map(keys.map((key) => [keyId(key), { pk: key.pk, sk: key.sk }])).values()]
  await mapLimit(chunk(unique, 100), 4, async (batch) => {
    let pending: Item[] = batch
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(backoff(attempt))
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }))
      for (const item of out.Responses?.[table] ?? []) found.set(keyId(item as unknown as ItemKey), item)
      pending = (out.UnprocessedKeys?.[table]?.Keys as Item[] | undefined) ?? []
    }
  })
  return found
}

export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } }

/** Unconditional puts and deletes through BatchWriteItem (25 per request). */
export async function batchWrite(doc: DynamoDBDocumentClient, table: string, requests: readonly WriteRequest[]): Promise<void> {
  await mapLimit(chunk(requests, 25), 4, async (batch) => {
    let pending: WriteRequest[] = batch
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(backoff(attempt))
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }))
      pending = (out.UnprocessedItems?.[table] as WriteRequest[] | undefined) ?? []
    }
  })
}

/** Every page of a consistent Query. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = []
  let start: Record<string, unknown> | undefined
  do {
    const out = await doc.send(new QueryCommand({ ...input, ConsistentRead: true, ExclusiveStartKey: start }))
    items.push(...((out.Items as Item[] | undefined) ?? []))
    start = out.LastEvaluatedKey
  } while (start)
  return items
}

/** A failed condition or a transaction that lost a race: re-read and retry. */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name
  if (name === 'ConditionalCheckFailedException') return true
  if (name !== 'TransactionCanceledException') return false
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []
  return reasons.some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict')
}
