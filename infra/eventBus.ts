// The bus that carries every domain event envelope to external subscribers (DESIGN §7), and an example
// subscription: a rule that delivers everything on the bus to an SQS queue a SIEM or another service can
// drain. A real subscriber copies the rule with its own pattern (see infra/README.md). The publisher that puts
// envelopes on the bus is granted `events:PutEvents` on it.
import { Duration } from 'aws-cdk-lib'
import { EventBus, Match, Rule } from 'aws-cdk-lib/aws-events'
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export class EventPublishing extends Construct {
  readonly bus: EventBus
  readonly exampleRule: Rule
  readonly exampleQueue: Queue

  constructor(scope: Construct, id: string, props: { busName: string }) {
    super(scope, id)
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName,
      description: 'IAM domain event envelopes (never secret material)',
    })
    this.exampleQueue = new Queue(this, 'ExampleSubscriber', {
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    })
    this.exampleRule = new Rule(this, 'ExampleRule', {
      eventBus: this.bus,
      description: 'Example subscriber: every IAM event envelope to an SQS queue',
      // The bus carries only IAM events: any source.
      eventPattern: { source: Match.exists() },
      targets: [new SqsQueue(this.exampleQueue)],
    })
  }
}
