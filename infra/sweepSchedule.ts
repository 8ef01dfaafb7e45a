// The expiry sweep's schedule (DESIGN §7): EventBridge Scheduler invokes the sweep every five minutes with a
// scheduled event (the shape of an EventBridge "Scheduled Event", from `aws.scheduler`). No retries: the next run
// comes five minutes later and picks up whatever this one missed. An alarm fires when three runs in a row fail.
import { Duration } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import { Construct } from 'constructs'

export const SWEEP_PERIOD = Duration.minutes(5)

export class SweepSchedule extends Construct {
  readonly schedule: Schedule
  readonly failureAlarm: Alarm

  constructor(scope: Construct, id: string, props: { sweep: IFunction }) {
    super(scope, id)
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Expires credentials past expiry (iam sweep)',
      schedule: ScheduleExpression.rate(SWEEP_PERIOD),
      target: new LambdaInvoke(props.sweep, {
        retryAttempts: 0,
        input: ScheduleTargetInput.fromObject({
          version: '0',
          id: ContextAttribute.executionId,
          'detail-type': 'Scheduled Event',
          source: 'aws.scheduler',
          time: ContextAttribute.scheduledTime,
          resources: [ContextAttribute.scheduleArn],
          detail: {},
        }),
      }),
    })
    this.failureAlarm = new Alarm(this, 'FailuresAlarm', {
      alarmDescription: 'The expiry sweep failed three runs in a row (its logs name the credentials). Expired keys are refused anyway; their CredentialExpired events are late.',
      metric: props.sweep.metricErrors({ period: SWEEP_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
  }
}
