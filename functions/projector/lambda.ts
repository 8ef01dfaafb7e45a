// Lambda entry point of the projector (DynamoDB Streams event source mapping on the events table).
import { projections } from '../../projections/index.js'
import { powertoolsMetrics } from '../observability/metrics.js'
import { dynamoFromEnvironment } from '../store/dynamo.js'
import { createProjector, type Projector } from './projector.js'
import { createStreamHandler } from './streamHandler.js'

let projector: Projector | undefined

export const handler = createStreamHandler(
  () => (projector ??= createProjector({ dynamo: dynamoFromEnvironment(), projections })),
  powertoolsMetrics('iam-projector'),
)
