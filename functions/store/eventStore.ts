// The event log adapter (DESIGN §4): every append is ONE DynamoDB write request, a conditional PutItem when it
// holds one item, else one TransactWriteItems; each event is a Put guarded by attribute_not_exists(version).
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { DomainError } from '../../domain/core/errors.js'
import {
  currentSchemaVersion,
  isKnownEventType,
  parseStreamId,
  upcast,
  validateEvent,
  type EventMeta,
  type StoredEvent,
} from '../../domain/core/events.js'
import type { AppendOutcome, AppendResult, EventStore, Extra, Ports, StreamWrite } from '../../domain/core/ports.js'
import type { Dynamo } from './dynamo.js'
import { extraWrite, type WriteOperation } from './stateStore.js'

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_ITEMS_PER_APPEND = 100

type Failure = { stream: string } | { error: DomainError }

export function createEventStore(dynamo: Dynamo, ports: Ports): EventStore {
  const { clock, ids } = ports

  async function append(writes: StreamWrite[], extras: Extra[], meta: Omit<EventMeta, 'eventId' | 'occurredAt'>): Promise<AppendOutcome> {
    const now = clock.now()
    const occurredAt = now.toISOString()
    const operations: WriteOperation[] = []
    const failures: Failure[] = []
    const positions: AppendResult['positions'] = []
    const written: StoredEvent[] = []

    for (const write of writes) {
      if (write.events.length === 0) continue
      const org = parseStreamId(write.streamId).organizationId
      write.events.forEach((event, index) => {
        const { type, data } = validateEvent(event)
        const item = {
          streamId: write.streamId,
          version: write.expectedVersion + index + 1,
          type,
          schemaVersion: currentSchemaVersion(type),
          data,
          meta: { ...meta, eventId: ids.newUlid(), occurredAt },
          org,
        }
        operations.push({ Put: { TableName: dynamo.tables.events, Item: item, ConditionExpression: 'attribute_not_exists(version)' } })
        failures.push({ stream: write.streamId })
        written.push({ streamId: item.streamId, version: item.version, type, schemaVersion: item.schemaVersion, data, meta: item.meta })
      })
      positions.push([write.streamId, write.expectedVersion + write.events.length])
    }
    for (const extra of extras) {
      const write = extraWrite(extra, dynamo.tables.state, now)
      if (!write) continue
      if ('impossible' in write) return write.impossible
      operations.push(write.operation)
      failures.push({ error: write.onFailure })
    }

    if (operations.length === 0) return { positions, events: written }
    if (operations.length > MAX_ITEMS_PER_APPEND) {
      throw new Error(`an append holds ${operations.length} items; at most ${MAX_ITEMS_PER_APPEND} fit in one DynamoDB transaction`)
    }
    try {
      if (operations.length === 1) await sendOne(dynamo, operations[0] as WriteOperation)
      else await dynamo.doc.send(new TransactWriteCommand({ TransactItems: operations }))
      return { positions, events: written }
    } catch (error) {
      const cancelled = cancellation(error, operations.length)
      if (!cancelled) throw error
      return outcomeOf(cancelled.failed.map((index) => failures[index] as Failure), cancelled.transient, writes)
    }
  }

  async function readStream(streamId: string, after = 0, upTo?: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = []
    let ExclusiveStartKey: Record<string, unknown> | undefined
    do {
      const page = await dynamo.doc.send(
        new QueryCommand({
          TableName: dynamo.tables.events,
          ConsistentRead: true,
          KeyConditionExpression: upTo === undefined ? 'streamId = :s AND version > :after' : 'streamId = :s AND version BETWEEN :from AND :to',
          ExpressionAttributeValues: upTo === undefined ? { ':s': streamId, ':after': after } : { ':s': streamId, ':from': after + 1, ':to': upTo },
          ExclusiveStartKey,
        }),
      )
      for (const item of page.Items ?? []) events.push(eventFromItem(item))
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey)
    return events
  }

  async function load(streamIds: string[]): Promise<Map<string, StoredEvent[]>> {
    const unique = [...new Set(streamIds)]
    const streams = await Promise.all(unique.map((id) => readStream(id)))
    return new Map(unique.map((id, index) => [id, streams[index] as StoredEvent[]]))
  }

  return { append, load, readStream }
}

/** An events-table item (from a Query or a stream record's NEW_IMAGE) as a StoredEvent, upcast to the current schema. */
export function eventFromItem(item: Record<string, unknown>): StoredEvent {
  const type = item.type as string
  const schemaVersion = Number(item.schemaVersion ?? 1)
  const known = isKnownEventType(type)
  return {
    streamId: item.streamId as string,
    version: Number(item.version),
    type,
    schemaVersion: known ? currentSchemaVersion(type) : schemaVersion,
    data: known ? upcast(type, schemaVersion, item.data) : item.data,
    meta: item.meta as EventMeta,
  }
}

/** True when an append outcome is a lost race on one of its streams (the runner re-reads and retries). */
export function isAppendConflict(outcome: AppendOutcome): outcome is { conflict: true; streamIds: string[] } {
  return 'conflict' in outcome && outcome.conflict === true
}

export function isAppendResult(outcome: AppendOutcome): outcome is AppendResult {
  return 'positions' in outcome
}

async function sendOne(dynamo: Dynamo, operation: WriteOperation): Promise<void> {
  if (operation.Put) await dynamo.doc.send(new PutCommand(operation.Put))
  else if (operation.Delete) await dynamo.doc.send(new DeleteCommand(operation.Delete))
  else if (operation.Update) await dynamo.doc.send(new UpdateCommand(operation.Update))
  else throw new Error('unsupported single write operation')
}

/**
 * Which operations' conditions failed; `transient` when DynamoDB cancelled for a concurrent transaction on one of
 * the items (a race like any other). Undefined when the error is not about conditions (throttling, validation).
 */
function cancellation(error: unknown, count: number): { failed: number[]; transient: boolean } | undefined {
  if (error instanceof ConditionalCheckFailedException && count === 1) return { failed: [0], transient: false }
  if (!(error instanceof TransactionCanceledException)) return undefined
  const reasons = error.CancellationReasons ?? []
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []))
  const transient = reasons.some((reason) => reason.Code === 'TransactionConflict')
  return failed.length > 0 || transient ? { failed, transient } : undefined
}

/** A lost race on any stream wins over an extra's error: the retry re-decides with fresh state. */
function outcomeOf(failed: Failure[], transient: boolean, writes: StreamWrite[]): AppendOutcome {
  const streams = [...new Set(failed.flatMap((failure) => ('stream' in failure ? [failure.stream] : [])))]
  if (streams.length > 0) return { conflict: true, streamIds: streams }
  if (transient) return { conflict: true, streamIds: writes.filter((write) => write.events.length > 0).map((write) => write.streamId) }
  const extra = failed.find((failure): failure is { error: DomainError } => 'error' in failure)
  return extra ? extra.error : { conflict: true, streamIds: [] }
}
