// The Lambda side of the projector: a DynamoDB Streams batch through Powertools' BatchProcessor, one record at a
// time in order (`processInParallel: false`), failures reported per record so Lambda retries from the lowest one.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import type { Projector } from './projector.js'
import { eventOfRecord, type StreamRecordLike } from './streamRecords.js'

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>

export function createStreamHandler(projector: () => Projector): StreamHandler {
  const processor = new BatchProcessor(EventType.DynamoDBStreams)
  const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
    const event = eventOfRecord(record as StreamRecordLike)
    if (event) await projector().handle([event])
  }
  return (event, context) => processPartialResponse(event, recordHandler, processor, { context, processInParallel: false })
}
