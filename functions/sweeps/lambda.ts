// Lambda entry point of the sweep, invoked by an EventBridge Scheduler schedule (or a rule) every few minutes
// with a scheduled event. A run that could not expire some credential fails the invocation (the function's
// Errors metric and alarm); the next scheduled run tries it again.
import { Logger } from '@aws-lambda-powertools/logger'
import type { Context, ScheduledEvent } from 'aws-lambda'
import { powertoolsMetrics } from '../observability/metrics.js'
import { dynamoFromEnvironment } from '../store/dynamo.js'
import { createSweepDeps } from './runtime.js'
import { sweepExpiredCredentials, type SweepDeps, type SweepResult } from './sweep.js'

const logger = new Logger({ serviceName: 'iam-sweep' })
const metrics = powertoolsMetrics('iam-sweep')
let deps: SweepDeps | undefined

export async function handler(event: Partial<ScheduledEvent>, context: Context): Promise<SweepResult> {
  logger.addContext(context)
  deps ??= createSweepDeps(dynamoFromEnvironment(), logger)
  const requestId = typeof event.id === 'string' && event.id !== '' ? event.id : context.awsRequestId
  const result = await sweepExpiredCredentials(deps, { requestId })
  metrics.count('CredentialsExpired', result.expired)
  metrics.count('SweepExamined', result.examined)
  metrics.count('SweepFailures', result.failed)
  metrics.publish()
  logger.info('sweep done', { requestId, scheduledTime: event.time, ...result })
  if (result.failed > 0) throw new Error(`the sweep could not expire ${result.failed} credential(s); the next run tries again`)
  return result
}
