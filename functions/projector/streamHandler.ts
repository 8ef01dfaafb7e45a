// The Lambda side of the projector: a DynamoDB Streams batch through Powertools' BatchProcessor, one record at a
// time in order (`processInParallel: false`), failures reported per record so Lambda retries from the lowest one.
import { noMetrics, type PublishedMetrics } from '../observability/metrics.js'
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import type { Projector } from './projector.js'
import { eventOfRecord, type StreamRecordLike } from './streamRecords.js'

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>

export function createStreamHandler(projector: () => Projector, metrics: PublishedMetrics = { ...noMetrics, publish: () => {} }): StreamHandler {
  const processor = new BatchProcessor(EventType.DynamoDBStreams)
  const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
    const event = eventOfRecord(record as StreamRecordLike)
    if (!event) return
    await projector().handle([event])
    // Lag: from the append to the read models being written, what readers of lists and checks wait for.
    metrics.count('EventsProjected')
    metrics.milliseconds('ProjectionLag', Date.now() - Date.parse(event.meta.occurredAt))
  }
  return async (event, context) => {
    try {
      return await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false })
    } finally {
      metrics.publish()
    }
  }
}
