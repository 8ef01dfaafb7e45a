// The metrics port: what the command runner, the check, the projector and the sweep count. On Lambda it is
// Powertools Metrics (CloudWatch embedded metric format in the function's log, namespace `Iam`), published once
// per invocation; locally, where nobody collects them, it is silent.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'

export interface MetricsSink {
  count(name: MetricName, value?: number): void
  milliseconds(name: MetricName, value: number): void
}

/** Every metric the product emits (docs/observability.md says what each means). */
export type MetricName =
  | 'CommandsSucceeded'
  | 'CommandsRefused'
  | 'CommandsReplayed'
  | 'CommandLatency'
  | 'ChecksAllowed'
  | 'ChecksDenied'
  | 'ChecksStale'
  | 'CheckLatency'
  | 'EventsProjected'
  | 'ProjectionLag'
  | 'CredentialsExpired'
  | 'SweepExamined'
  | 'SweepFailures'

export const noMetrics: MetricsSink = { count: () => {}, milliseconds: () => {} }

export interface PublishedMetrics extends MetricsSink {
  /** Flushes what was recorded since the last call (end of an invocation). */
  publish(): void
}

export function powertoolsMetrics(serviceName: string): PublishedMetrics {
  const metrics = new Metrics({ namespace: 'Iam', serviceName })
  // An invocation that recorded nothing (a health probe) publishes nothing, rather than Powertools' warning.
  let recorded = false
  return {
    count(name, value = 1) {
      recorded = true
      metrics.addMetric(name, MetricUnit.Count, value)
    },
    milliseconds(name, value) {
      recorded = true
      metrics.addMetric(name, MetricUnit.Milliseconds, Math.max(0, Math.round(value)))
    },
    publish() {
      if (!recorded) return
      recorded = false
      metrics.publishStoredMetrics()
    },
  }
}

/** Powertools on Lambda (AWS_LAMBDA_FUNCTION_NAME is set there), silence elsewhere. */
export function metricsForProcess(serviceName: string, env: Record<string, string | undefined> = process.env): PublishedMetrics {
  return env.AWS_LAMBDA_FUNCTION_NAME ? powertoolsMetrics(serviceName) : { ...noMetrics, publish: () => {} }
}
