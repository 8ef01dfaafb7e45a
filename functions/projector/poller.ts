// The local projector loop: reads the events table's own stream (DynamoDB Local, or any DynamoDB) as Lambda's
// event source mapping would. All shards, a parent drained before its children, one loop per open shard,
// a checkpoint per shard in the state table after every batch, so a restart resumes after the last record.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetRecordsCommandOutput,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { Logger } from '@aws-lambda-powertools/logger'
import type { StoredEvent } from '../../domain/core/events.js'
import type { Dynamo } from '../store/dynamo.js'
import { backoff, sleep } from './dynamoBatch.js'
import { checkpointKey } from './keys.js'
import type { Projector } from './projector.js'
import { eventsOfRecords } from './streamRecords.js'

export interface LocalPollerOptions {
  dynamo: Dynamo
  projector: Pick<Projector, 'handle'>
  /** Another consumer of the stream (the local webhook subscriber) reads it with checkpoints of its own. */
  consumer?: string
  /** Defaults to a client on the same endpoint, region and credentials as `dynamo.client`. */
  streams?: DynamoDBStreamsClient
  /** Pause after an empty read of an open shard. */
  pollIntervalMs?: number
  /** How often the shard list is read again to find new shards. */
  discoverIntervalMs?: number
  /** Called after each batch is applied and checkpointed (tests and metrics). */
  onBatch?: (events: readonly StoredEvent[]) => void
  logger?: Pick<Logger, 'error' | 'warn'>
}

export interface LocalPoller {
  /** Finds the stream and its shards and starts reading; resolves once reading has begun. */
  start(): Promise<void>
  /** Stops reading: batches in flight are applied and checkpointed first. */
  stop(): Promise<void>
}

const BATCH_ATTEMPTS = 5

export function createLocalPoller(options: LocalPollerOptions): LocalPoller {
  const { dynamo, projector } = options
  const pollIntervalMs = options.pollIntervalMs ?? 20
  const discoverIntervalMs = options.discoverIntervalMs ?? 1000
  const logger = options.logger ?? new Logger({ serviceName: 'iam-projector' })
  let streams: DynamoDBStreamsClient | undefined
  const loops = new Map<string, Promise<void>>()
  const drained = new Set<string>()
  let stopping = new AbortController()
  let supervisor: Promise<void> | undefined
  let streamArn = ''

  function client(): DynamoDBStreamsClient {
    if (!streams) throw new Error('the stream poller is not started')
    return streams
  }

  async function listShards(): Promise<Shard[]> {
    const shards: Shard[] = []
    let start: string | undefined
    do {
      const out = await client().send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }))
      shards.push(...(out.StreamDescription?.Shards ?? []))
      start = out.StreamDescription?.LastEvaluatedShardId
    } while (start)
    return shards
  }

  async function readCheckpoint(shardId: string): Promise<{ sequenceNumber?: string; drained?: boolean } | undefined> {
    const out = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: checkpointKey(streamArn, shardId, options.consumer), ConsistentRead: true }))
    return out.Item as { sequenceNumber?: string; drained?: boolean } | undefined
  }

  async function writeCheckpoint(shardId: string, sequenceNumber: string | undefined, isDrained: boolean): Promise<void> {
    await dynamo.doc.send(
      new PutCommand({ TableName: dynamo.tables.state, Item: { ...checkpointKey(streamArn, shardId, options.consumer), sequenceNumber, drained: isDrained } }),
    )
  }

  async function iteratorAfter(shardId: string, sequenceNumber: string | undefined): Promise<string | undefined> {
    const out = await client().send(
      new GetShardIteratorCommand(
        sequenceNumber
          ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
          : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
      ),
    )
    return out.ShardIterator
  }

  /** Applies a batch, retrying it whole; a batch that keeps failing is applied event by event and the failures logged. */
  async function apply(records: _Record[]): Promise<boolean> {
    const events = eventsOfRecords(records, (record, error) => logger.error('unreadable stream record', { sequenceNumber: record.dynamodb?.SequenceNumber, error }))
    for (let attempt = 1; ; attempt++) {
      try {
        await projector.handle(events)
        options.onBatch?.(events)
        return true
      } catch (error) {
        if (stopping.signal.aborted) return false
        if (attempt >= BATCH_ATTEMPTS) break
        logger.warn('projector batch failed, retrying', { attempt, error })
        await sleep(backoff(attempt, 100, 2000), stopping.signal)
      }
    }
    // A lost event leaves no permanent hole: the stream's next event folds it from the table, and repair closes the rest.
    for (const event of events) {
      try {
        await projector.handle([event])
      } catch (error) {
        logger.error('projector skipped an event it could not apply', { streamId: event.streamId, version: event.version, type: event.type, error })
      }
    }
    options.onBatch?.(events)
    return true
  }

  async function readShard(shardId: string): Promise<void> {
    const checkpoint = await readCheckpoint(shardId)
    if (checkpoint?.drained) return void drained.add(shardId)
    let last = checkpoint?.sequenceNumber
    let iterator = await iteratorAfter(shardId, last)
    // A batch's checkpoint is written while the next batch is read; leaving the loop waits for it.
    let saving: Promise<void> = Promise.resolve()
    try {
      while (iterator && !stopping.signal.aborted) {
        const out = await getRecords(shardId, iterator)
        if (out === 'trimmed') last = undefined
        if (typeof out === 'string') {
          if (!stopping.signal.aborted) iterator = await iteratorAfter(shardId, last)
          continue
        }
        const records = out.Records ?? []
        if (records.length > 0) {
          if (!(await apply(records))) return
          last = records.at(-1)?.dynamodb?.SequenceNumber
        }
        iterator = out.NextShardIterator
        if (records.length > 0 || !iterator) {
          const [sequenceNumber, isDrained] = [last, !iterator]
          saving = saving.then(() => writeCheckpoint(shardId, sequenceNumber, isDrained))
        }
        if (!iterator) {
          await saving
          drained.add(shardId)
        } else if (records.length === 0) {
          await sleep(pollIntervalMs, stopping.signal)
        }
      }
    } finally {
      await saving
    }
  }

  /** One GetRecords; on failure, what the caller must do: `retry` with a fresh iterator, or start over at `trimmed`. */
  async function getRecords(shardId: string, iterator: string): Promise<GetRecordsCommandOutput | 'retry' | 'trimmed'> {
    try {
      return await client().send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }))
    } catch (error) {
      const name = (error as Error).name
      if (name === 'TrimmedDataAccessException') {
        logger.error('stream records expired before they were read; run `iam projections repair`', { shardId })
        return 'trimmed'
      }
      if (name !== 'ExpiredIteratorException') {
        logger.warn('GetRecords failed, retrying', { shardId, error })
        await sleep(backoff(3, 100, 2000), stopping.signal)
      }
      return 'retry'
    }
  }

  /** Starts a loop for every shard whose parent is drained (or gone from the stream); repeats until stopped. */
  async function supervise(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        const shards = await listShards()
        const present = new Set(shards.map((shard) => shard.ShardId))
        for (const shard of shards) {
          const id = shard.ShardId as string
          const parent = shard.ParentShardId
          if (loops.has(id) || drained.has(id)) continue
          if (parent && present.has(parent) && !drained.has(parent)) continue
          const loop = readShard(id)
            .catch((error) => logger.error('stream shard reader failed; it restarts from its checkpoint', { shardId: id, error }))
            .finally(() => loops.delete(id))
          loops.set(id, loop)
        }
      } catch (error) {
        logger.warn('DescribeStream failed, retrying', { error })
      }
      await sleep(discoverIntervalMs, stopping.signal)
    }
  }

  return {
    async start() {
      if (supervisor) return
      const table = await dynamo.client.send(new DescribeTableCommand({ TableName: dynamo.tables.events }))
      const arn = table.Table?.LatestStreamArn
      if (!arn) throw new Error(`table ${dynamo.tables.events} has no stream`)
      streamArn = arn
      streams = options.streams ?? streamsClientLike(dynamo)
      stopping = new AbortController()
      supervisor = supervise()
    },
    async stop() {
      stopping.abort()
      await supervisor
      await Promise.all([...loops.values()])
      supervisor = undefined
      if (!options.streams) streams?.destroy()
      streams = undefined
    },
  }
}

export async function startLocalPoller(options: LocalPollerOptions): Promise<LocalPoller> {
  const poller = createLocalPoller(options)
  await poller.start()
  return poller
}

/** A Streams client on the same endpoint, region and credentials as the DynamoDB client. */
export function streamsClientLike(dynamo: Dynamo): DynamoDBStreamsClient {
  const config = dynamo.client.config
  return new DynamoDBStreamsClient({
    region: config.region,
    credentials: config.credentials,
    ...(config.endpoint ? { endpoint: async () => config.endpoint!() } : {}),
  })
}
