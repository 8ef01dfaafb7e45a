// A function consuming the events table's stream (the projector, the publisher) with the event source mapping of
// DESIGN §5: one batch at a time per shard, bisect and partial batch responses so one bad record does not hold
// the shard, bounded retries and age, and an SQS queue for what still fails, with an alarm as soon as anything
// lands there, and one when the consumer falls behind the log.
import { Duration } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export const STREAM_MAPPING = {
  batchSize: 100,
  parallelizationFactor: 1,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  retryAttempts: 5,
  maxRecordAgeSeconds: 3600,
} as const

/** Age of the newest record the consumer has read, sustained for five minutes: it lags the log. */
export const LAG_ALARM_MS = 60_000

export interface StreamConsumerProps {
  table: ITable
  consumer: IFunction
  /** What the operator does when records land in the failure queue. */
  failureAdvice: string
  /** What lagging means for users. */
  lagAdvice: string
}

export class StreamConsumer extends Construct {
  readonly failures: Queue
  readonly failureAlarm: Alarm
  readonly lagAlarm: Alarm

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id)
    this.failures = new Queue(this, 'Failures', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    })
    props.consumer.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_MAPPING.batchSize,
        parallelizationFactor: STREAM_MAPPING.parallelizationFactor,
        bisectBatchOnError: STREAM_MAPPING.bisectBatchOnError,
        reportBatchItemFailures: STREAM_MAPPING.reportBatchItemFailures,
        retryAttempts: STREAM_MAPPING.retryAttempts,
        maxRecordAge: Duration.seconds(STREAM_MAPPING.maxRecordAgeSeconds),
        onFailure: new SqsDlq(this.failures),
      }),
    )
    this.failureAlarm = new Alarm(this, 'FailuresAlarm', {
      alarmDescription: `Stream records given up on (their metadata is in the queue). ${props.failureAdvice}`,
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    this.lagAlarm = new Alarm(this, 'LagAlarm', {
      alarmDescription: `More than a minute behind the events stream: ${props.lagAdvice}`,
      metric: props.consumer.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: LAG_ALARM_MS,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
  }
}
