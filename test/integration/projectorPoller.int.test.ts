// The local stream poller and the Lambda stream handler, both on DynamoDB Local's own stream.
import { afterEach, describe, expect, it } from 'vitest'
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams'
import type { Context, DynamoDBStreamEvent } from 'aws-lambda'
import { mergeTokens } from '../../domain/core/consistency.js'
import type { StoredEvent } from '../../domain/core/events.js'
import { createProjector } from '../../functions/projector/projector.js'
import { createLocalPoller, startLocalPoller, streamsClientLike, type LocalPoller } from '../../functions/projector/poller.js'
import { createStreamHandler } from '../../functions/projector/streamHandler.js'
import { freshTables } from '../support/tables.js'
import { appendAll, dump, thingCreated, thingList, thingRenamed, thingStream } from './projector.fixtures.js'

const running: LocalPoller[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()))
})

const createThings = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => ({ streamId: thingStream(`p${from + index}`), events: [thingCreated({ name: `n${from + index}` }), thingRenamed({ name: `m${from + index}` })] }))

describe('local stream poller', () => {
  it('resumes after a restart from its checkpoints, losing and repeating nothing', async () => {
    const dynamo = await freshTables('poller')
    const projector = createProjector({ dynamo, projections: [thingList('things')] })
    const delivered: StoredEvent[] = []
    const options = { dynamo, projector, onBatch: (events: readonly StoredEvent[]) => void delivered.push(...events) }

    const first = await startLocalPoller(options)
    running.push(first)
    const before = await appendAll(dynamo, createThings(0, 10))
    expect(await projector.waitFor('things', before, 20_000)).toBe(true)
    const during = appendAll(dynamo, createThings(10, 20))
    await first.stop()
    const after = mergeTokens(await during, await appendAll(dynamo, createThings(20, 30)))

    const second = createLocalPoller(options)
    running.push(second)
    await second.start()
    expect(await projector.waitFor('things', mergeTokens(before, after), 20_000)).toBe(true)

    const seen = delivered.map((event) => `${event.streamId}@${event.version}`)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.sort()).toEqual(createThings(0, 30).flatMap(({ streamId }) => [`${streamId}@1`, `${streamId}@2`]).sort())
    expect((await dump(dynamo, 'things', 1)).find((item) => item.sk === 'things')).toMatchObject({ count: 30 })
  })

  it('lets waitFor time out while nothing projects, and resolve once the poller catches up', async () => {
    const dynamo = await freshTables('pollwait')
    const projector = createProjector({ dynamo, projections: [thingList('things')] })
    const token = await appendAll(dynamo, createThings(0, 3))
    expect(await projector.waitFor('things', token, 100)).toBe(false)
    const waiting = projector.waitFor('things', token, 20_000)
    running.push(await startLocalPoller({ dynamo, projector }))
    expect(await waiting).toBe(true)
  })
})

describe('Lambda stream handler', () => {
  it('projects real stream records and reports the ones it cannot read', async () => {
    const dynamo = await freshTables('lambda')
    const projector = createProjector({ dynamo, projections: [thingList('things')] })
    const token = await appendAll(dynamo, createThings(0, 4))
    const records = await readWholeStream(dynamo)
    expect(records).toHaveLength(8)
    // The first event of a stream is unreadable: its failure is reported, and the stream's next event folds it in.
    const index = records.findIndex((record) => record.dynamodb?.NewImage?.streamId?.S === thingStream('p1') && record.dynamodb.NewImage.version?.N === '1')
    const target = records[index]!
    const broken = { ...target, dynamodb: { ...target.dynamodb, NewImage: { streamId: { S: 'x' } } } }
    const event = { Records: records.map((record, at) => asLambdaRecord(at === index ? broken : record)) } as DynamoDBStreamEvent

    const handler = createStreamHandler(() => projector)
    const response = await handler(event, {} as Context)

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: target.dynamodb!.SequenceNumber }])
    expect(await projector.waitFor('things', token, 0)).toBe(true)
    const things = await dump(dynamo, 'things', 1)
    expect(things.filter((item) => item.pk === `${thingStream('p0').split('#')[0]}#X#thing`)).toHaveLength(4)
  })
})

async function readWholeStream(dynamo: Awaited<ReturnType<typeof freshTables>>): Promise<_Record[]> {
  const streams = streamsClientLike(dynamo)
  try {
    const arn = (await dynamo.client.send(new DescribeTableCommand({ TableName: dynamo.tables.events }))).Table!.LatestStreamArn!
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!
    const records: _Record[] = []
    for (const shard of shards) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator
      while (iterator) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }))
        records.push(...(out.Records ?? []))
        iterator = out.Records?.length ? out.NextShardIterator : undefined
      }
    }
    return records
  } finally {
    streams.destroy()
  }
}

/** A GetRecords record in the shape Lambda's event source mapping delivers it. */
function asLambdaRecord(record: _Record) {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {}
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    eventSourceARN: 'arn:aws:dynamodb:local:000000000000:table/events/stream/test',
    dynamodb: { ...dynamodb, ApproximateCreationDateTime: ApproximateCreationDateTime ? ApproximateCreationDateTime.getTime() / 1000 : undefined },
  }
}
