// The publisher: records read from DynamoDB Local's real stream, through the Lambda handler, become EventBridge
// PutEvents entries (captured by a fake EventBridge client); and the local webhook subscriber, a second reader of
// the stream with its own checkpoints, POSTs the same envelopes to a server on 127.0.0.1, retrying after a 500.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams'
import type { PutEventsCommand, PutEventsCommandOutput, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'
import type { Context, DynamoDBStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/core/events.js'
import { streamsClientLike } from '../../functions/projector/poller.js'
import { createBusPublisher, type EventBridgeLike } from '../../functions/publisher/bus.js'
import type { DeliveryRecord } from '../../functions/publisher/deliveryLog.js'
import { startLocalWebhook, type LocalWebhook } from '../../functions/publisher/local.js'
import { createPublisherHandler } from '../../functions/publisher/streamHandler.js'
import { sha256Hex } from '../../functions/store/secrets.js'
import { freshTables } from '../support/tables.js'
import { GrantsScenario, newId } from './grants.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>

/** The fields PutEventsRequestEntry has (@aws-sdk/client-eventbridge). */
const ENTRY_FIELDS = new Set(['Time', 'Source', 'Resources', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader'])
const SOURCES = /^iam\.(scaleway|scp|nscale|authz|system)$/

/** Writes a small organization: its owner, a user, ten applications, and an API key whose secret must never be published. */
async function seed(dynamo: Dyn): Promise<{ scenario: GrantsScenario; secret: string; events: StoredEvent[] }> {
  const scenario = new GrantsScenario(dynamo)
  const [owner, user] = [newId(), newId()]
  await scenario.organization(owner)
  await scenario.principal(owner)
  await scenario.principal(user)
  for (let index = 0; index < 10; index++) await scenario.principal(newId(), 'application')
  const secret = await scenario.apiKey(user)
  return { scenario, secret, events: scenario.take() }
}

async function readWholeStream(dynamo: Dyn): Promise<_Record[]> {
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
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/iam-events/stream/2026-11-24T00:00:00.000',
    dynamodb: { ...dynamodb, ApproximateCreationDateTime: ApproximateCreationDateTime ? ApproximateCreationDateTime.getTime() / 1000 : undefined },
  }
}

/** A fake EventBridge client: records every PutEvents request and answers per entry with `answer`. */
function fakeEventBridge(answer: (entry: PutEventsRequestEntry, call: number) => string | undefined = () => undefined) {
  const requests: PutEventsRequestEntry[][] = []
  const client: EventBridgeLike = {
    async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
      const entries = command.input.Entries ?? []
      requests.push(entries)
      const results = entries.map((entry) => {
        const code = answer(entry, requests.length)
        return code ? { ErrorCode: code, ErrorMessage: 'refused by the test' } : { EventId: newId() }
      })
      return { $metadata: {}, Entries: results, FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length }
    },
  }
  return { client, requests }
}

const context = { awsRequestId: 'publisher-invocation', functionName: 'iam-publisher' } as Context

describe('the publisher Lambda handler', () => {
  let dynamo: Dyn
  let written: StoredEvent[]
  let secret: string
  let records: _Record[]

  beforeAll(async () => {
    dynamo = await freshTables('publisher')
    ;({ events: written, secret } = await seed(dynamo))
    records = await readWholeStream(dynamo)
  })

  it('puts every event envelope on the bus as a valid PutEvents entry, ten per request', async () => {
    expect(records).toHaveLength(written.length)
    const bus = fakeEventBridge()
    const handler = createPublisherHandler(() => createBusPublisher({ client: bus.client, eventBusName: 'iam-bus' }))
    const response = await handler({ Records: records.map(asLambdaRecord) } as DynamoDBStreamEvent, context)

    expect(response.batchItemFailures).toEqual([])
    for (const request of bus.requests) expect(request.length).toBeLessThanOrEqual(10)
    const entries = bus.requests.flat()
    expect(entries).toHaveLength(written.length)
    for (const entry of entries) {
      for (const field of Object.keys(entry)) expect(ENTRY_FIELDS).toContain(field)
      expect(entry).toMatchObject({ EventBusName: 'iam-bus', Source: expect.stringMatching(SOURCES), DetailType: expect.any(String), Detail: expect.any(String) })
      expect(entry.Time).toBeInstanceOf(Date)
      expect(entry.DetailType!.length).toBeLessThanOrEqual(128)
    }
    const byEventId = new Map(entries.map((entry) => [JSON.parse(entry.Detail!).meta.eventId as string, entry]))
    for (const event of written) {
      const entry = byEventId.get(event.meta.eventId)!
      expect(entry.Source).toBe(`iam.${event.meta.surface}`)
      expect(entry.DetailType).toBe(event.type)
      expect(entry.Time!.toISOString()).toBe(event.meta.occurredAt)
      const [organizationId, aggregateType, aggregateId] = event.streamId.split('#')
      expect(JSON.parse(entry.Detail!)).toEqual({
        organizationId, aggregateType, aggregateId,
        streamId: event.streamId, version: event.version, type: event.type, schemaVersion: event.schemaVersion, data: event.data, meta: event.meta,
      })
    }
  })

  it('never publishes secret material', async () => {
    const bus = fakeEventBridge()
    const handler = createPublisherHandler(() => createBusPublisher({ client: bus.client, eventBusName: 'iam-bus' }))
    await handler({ Records: records.map(asLambdaRecord) } as DynamoDBStreamEvent, context)
    const published = JSON.stringify(bus.requests)
    expect(published).toContain('CredentialIssued')
    expect(published).not.toContain(secret)
    expect(published).not.toContain(sha256Hex(secret))
  })

  it('retries throttled entries, and reports the records whose entry was refused', async () => {
    const refused = written.find((event) => event.type === 'CredentialIssued')!
    const bus = fakeEventBridge((entry, call) => {
      if (entry.DetailType === refused.type) return 'AccessDeniedException'
      return call === 1 ? 'ThrottlingException' : undefined
    })
    const handler = createPublisherHandler(() => createBusPublisher({ client: bus.client, eventBusName: 'iam-bus' }))
    const response = await handler({ Records: records.map(asLambdaRecord) } as DynamoDBStreamEvent, context)

    const record = records.find((candidate) => candidate.dynamodb?.NewImage?.type?.S === refused.type)!
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb!.SequenceNumber }])
    const delivered = new Set(bus.requests.slice(1).flat().map((entry) => JSON.parse(entry.Detail!).meta.eventId))
    for (const event of written.filter((candidate) => candidate !== refused)) expect(delivered).toContain(event.meta.eventId)
  })
})

interface Received {
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
}

describe('the local webhook subscriber', () => {
  let dynamo: Dyn
  let server: Server
  let url: string
  const received: Received[] = []
  let failNext = 0
  const stateDir = mkdtempSync(join(tmpdir(), 'iam-webhook-'))
  const webhooks: LocalWebhook[] = []

  const quietLogger = { warn: () => undefined, error: () => undefined }

  beforeAll(async () => {
    dynamo = await freshTables('webhook')
    server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        if (failNext > 0) {
          failNext--
          response.writeHead(500).end()
        } else {
          response.writeHead(204).end()
        }
        received.push({ headers: request.headers, body: JSON.parse(body) as Record<string, unknown> })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit`
  })

  afterAll(async () => {
    await Promise.all(webhooks.map((webhook) => webhook.stop()))
    await new Promise((resolve) => server.close(resolve))
    rmSync(stateDir, { recursive: true, force: true })
  })

  const deliveries = (file: string): DeliveryRecord[] =>
    readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as DeliveryRecord)

  /** Resolves once the delivery log shows `count` deliveries: the subscriber has seen every answer. */
  async function deliveredCount(webhook: LocalWebhook, count: number): Promise<void> {
    while (!existsSync(webhook.logFile) || deliveries(webhook.logFile).filter((entry) => entry.outcome === 'delivered').length < count) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  const start = async () => {
    const webhook = await startLocalWebhook({ dynamo, url, stateDir, logger: quietLogger, baseDelayMs: 5 })
    webhooks.push(webhook)
    return webhook
  }

  it('POSTs every envelope as JSON, the first one again after a 500, and logs each attempt', async () => {
    failNext = 1
    const { events } = await seed(dynamo)
    const webhook = await start()
    await deliveredCount(webhook, events.length)

    const [first, retried] = received
    expect(first!.headers['x-iam-event-id']).toBe(retried!.headers['x-iam-event-id'])
    expect([first!.headers['x-iam-delivery-attempt'], retried!.headers['x-iam-delivery-attempt']]).toEqual(['1', '2'])
    const bodies = received.slice(1).map(({ body }) => body)
    expect(bodies.map((body) => body.id).sort()).toEqual(events.map((event) => event.meta.eventId).sort())
    for (const { headers } of received) expect(headers['content-type']).toBe('application/json')
    for (const event of events) {
      const body = bodies.find((candidate) => candidate.id === event.meta.eventId)!
      expect(body).toMatchObject({
        version: '0', source: `iam.${event.meta.surface}`, 'detail-type': event.type,
        detail: { streamId: event.streamId, version: event.version, type: event.type, data: event.data, meta: event.meta },
      })
    }

    const log = deliveries(webhook.logFile)
    const firstId = first!.headers['x-iam-event-id']
    expect(log.filter((entry) => entry.eventId === firstId).map(({ attempt, outcome, status }) => ({ attempt, outcome, status }))).toEqual([
      { attempt: 1, outcome: 'retrying', status: 500 },
      { attempt: 2, outcome: 'delivered', status: 204 },
    ])
    expect(log.filter((entry) => entry.outcome === 'delivered')).toHaveLength(events.length)
  })

  it('resumes after a restart from its own checkpoints, repeating nothing', async () => {
    await webhooks.pop()!.stop()
    const before = received.length
    const { events } = await seed(dynamo)
    const webhook = await start()
    await deliveredCount(webhook, 2 * events.length)
    const after = received.slice(before).map(({ body }) => body.id)
    expect(after.sort()).toEqual(events.map((event) => event.meta.eventId).sort())
  })
})
