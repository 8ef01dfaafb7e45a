// The publisher on Lambda: a DynamoDB Streams batch of the events table through Powertools' BatchProcessor, each
// INSERT record's event put on the bus. Records are handled in parallel (the bus keeps no order; subscribers read
// `detail.version` per stream), and only the records whose entry failed are reported, so Lambda retries from the
// lowest of them: delivery is at least once, and a subscriber drops repeats by `detail.meta.eventId`.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { eventOfRecord, type StreamRecordLike } from '../projector/streamRecords.js'
import type { BusPublisher } from './bus.js'

export type PublisherHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>

export function createPublisherHandler(publisher: () => BusPublisher, logger?: Pick<Logger, 'error'>): PublisherHandler {
  const processor = new BatchProcessor(EventType.DynamoDBStreams)
  const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
    const event = eventOfRecord(record as StreamRecordLike)
    if (!event) return
    try {
      await publisher().publish(event)
    } catch (error) {
      logger?.error('an event did not reach the bus', { eventId: event.meta.eventId, type: event.type, streamId: event.streamId, version: event.version, error })
      throw error
    }
  }
  return (event, context) => processPartialResponse(event, recordHandler, processor, { context })
}
