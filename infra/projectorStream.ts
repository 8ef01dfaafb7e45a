// The projector's DynamoDB Streams event source mapping (DESIGN §5): one batch at a time per shard, bisect
// and partial batch responses so one bad record does not hold the shard, bounded retries and age, and an
// SQS queue for what still fails, with an alarm as soon as anything lands there, and one when the projections
// fall behind the log. A parked record leaves no permanent hole: the next version of its stream folds the gap
// from the log, and `iam projections repair` closes what remains.
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

/** Age of the newest record the projector has read, sustained for five minutes: the read models lag the log. */
export const LAG_ALARM_MS = 60_000

export class ProjectorStream extends Construct {
  readonly failures: Queue
  readonly failureAlarm: Alarm
  readonly lagAlarm: Alarm

  constructor(scope: Construct, id: string, props: { table: ITable; projector: IFunction }) {
    super(scope, id)
    this.failures = new Queue(this, 'Failures', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    })
    props.projector.addEventSource(
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
      alarmDescription:
        'Stream records the projector gave up on (their metadata is in the queue). Fix the cause, then run `iam projections repair`.',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    this.lagAlarm = new Alarm(this, 'LagAlarm', {
      alarmDescription: 'The projector is more than a minute behind the events stream: lists, audit and checks are stale.',
      metric: props.projector.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: LAG_ALARM_MS,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
  }
}
