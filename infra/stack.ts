// The deployable product: the three tables, the API behind an HTTP API, the projector on the events stream,
// the KMS key that wraps per-organization data keys, and the event bus for subscribers. Each function gets its
// own role and exactly the access of infra/access.ts. A new function (publisher, sweep, authorizer) is one
// more entry in infra/entries.ts, one IamFunction here, and its grants.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { Key } from 'aws-cdk-lib/aws-kms'
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import {
  allowOnKey,
  allowOnTable,
  EVENT_APPEND_ACTIONS,
  EVENT_READ_ACTIONS,
  ITEM_READ_ACTIONS,
  ITEM_WRITE_ACTIONS,
  KEY_USE_ACTIONS,
  READ_MODEL_WRITE_ACTIONS,
  STATE_CHECKPOINT_ACTIONS,
} from './access.js'
import { EventPublishing } from './eventBus.js'
import { IamFunction } from './lambdaFunction.js'
import { ProjectorStream } from './projectorStream.js'
import { createTables, type Tables } from './tables.js'

export interface IamStackProps extends StackProps {
  /** Prefix of the three table names (the functions' `IAM_TABLE_PREFIX`); default `<stack name>-`, lower case. */
  tablePrefix?: string
  /** The public base URL when a custom domain fronts the API; default the HTTP API's own endpoint. */
  publicUrl?: string
  logRetention?: RetentionDays
}

export class IamStack extends Stack {
  readonly tables: Tables
  readonly httpApi: HttpApi
  readonly api: IamFunction
  readonly projector: IamFunction
  readonly projectorStream: ProjectorStream
  readonly keyring: Key
  readonly publishing: EventPublishing

  constructor(scope: Construct, id: string, props: IamStackProps = {}) {
    super(scope, id, props)
    const tablePrefix = props.tablePrefix ?? `${this.stackName.toLowerCase()}-`
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH
    this.tables = createTables(this, tablePrefix)
    const { events, state, read } = this.tables

    this.keyring = new Key(this, 'Keyring', {
      description: 'Wraps the per-organization data keys that encrypt protocol secrets (SCP secret keys, TOTP seeds, signing keys)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    const environment = { IAM_TABLE_PREFIX: tablePrefix }

    this.api = new IamFunction(this, 'Api', {
      name: 'api',
      description: 'IAM API: the Scaleway, SCP and nscale surfaces',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      logRetention,
      environment: { ...environment, IAM_KMS_KEY_ID: this.keyring.keyArn },
    })
    allowOnTable(this.api.role, events, EVENT_APPEND_ACTIONS)
    allowOnTable(this.api.role, state, ITEM_WRITE_ACTIONS)
    allowOnTable(this.api.role, read, ITEM_READ_ACTIONS)
    allowOnKey(this.api.role, this.keyring, KEY_USE_ACTIONS)

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'IAM API (Scaleway, SCP and nscale surfaces)',
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.api.function),
    })
    // The Api resource itself does not depend on the function (only its integration and route do), so the
    // function may reference its endpoint without a cycle.
    this.api.function.addEnvironment('IAM_PUBLIC_URL', props.publicUrl ?? this.httpApi.apiEndpoint)

    this.projector = new IamFunction(this, 'Projector', {
      name: 'projector',
      description: 'IAM projector: folds the events stream into the read models',
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention,
      environment,
    })
    allowOnTable(this.projector.role, events, EVENT_READ_ACTIONS)
    allowOnTable(this.projector.role, read, READ_MODEL_WRITE_ACTIONS)
    allowOnTable(this.projector.role, state, STATE_CHECKPOINT_ACTIONS)
    this.projectorStream = new ProjectorStream(this, 'ProjectorStream', { table: events, projector: this.projector.function })

    this.publishing = new EventPublishing(this, 'Publishing', { busName: `${tablePrefix}bus` })

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the API (IAM_PUBLIC_URL unless publicUrl is set)', value: this.httpApi.apiEndpoint })
    new CfnOutput(this, 'TablePrefix', { description: 'IAM_TABLE_PREFIX for the CLI', value: tablePrefix })
    new CfnOutput(this, 'EventBusName', { description: 'EventBridge bus of the event envelopes', value: this.publishing.bus.eventBusName })
    new CfnOutput(this, 'ProjectorFailureQueueUrl', { value: this.projectorStream.failures.queueUrl })
  }
}
