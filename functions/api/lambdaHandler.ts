// A Lambda behind the API Gateway HTTP API serving some of the app's surfaces: the same Hono app as the local
// server, restricted to what its routes need, so that each function loads only its own surface's code.
import { handle } from 'hono/aws-lambda'
import { configFromEnvironment } from '../config.js'
import { powertoolsMetrics } from '../observability/metrics.js'
import { dynamoFromEnvironment } from '../store/dynamo.js'
import { createApp } from './app.js'
import { createDeps } from './deps.js'
import type { Surface } from './surface.js'

/** Built once per container during init, never per request; metrics are published after each invocation. */
export function surfaceHandler(served: readonly Surface[]) {
  const config = configFromEnvironment()
  const dynamo = dynamoFromEnvironment({ endpoint: config.dynamodbEndpoint, tablePrefix: config.tablePrefix })
  const metrics = powertoolsMetrics(process.env.POWERTOOLS_SERVICE_NAME ?? 'iam-api')
  const handler = handle(createApp(createDeps(config, dynamo, { metrics }), served))
  return async (...invocation: Parameters<typeof handler>) => {
    try {
      return await handler(...invocation)
    } finally {
      metrics.publish()
    }
  }
}
