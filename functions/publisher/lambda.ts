// Lambda entry point of the publisher (its own DynamoDB Streams event source mapping on the events table): every
// event envelope to the bus named by IAM_EVENT_BUS_NAME.
import { Logger } from '@aws-lambda-powertools/logger'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import './eventTypes.js'
import { createBusPublisher, type BusPublisher } from './bus.js'
import { createPublisherHandler } from './streamHandler.js'

let publisher: BusPublisher | undefined

function busPublisher(): BusPublisher {
  const eventBusName = process.env.IAM_EVENT_BUS_NAME
  if (!eventBusName) throw new Error('IAM_EVENT_BUS_NAME is not set')
  publisher ??= createBusPublisher({ client: new EventBridgeClient({}), eventBusName })
  return publisher
}

export const handler = createPublisherHandler(busPublisher, new Logger({ serviceName: 'iam-publisher' }))
