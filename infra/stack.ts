// The deployable product: the three tables, the API behind an HTTP API, the projector and the publisher on the
// events stream, the event bus for subscribers, the expiry sweep on a schedule, the Lambda authorizer other
// services put in front of their routes, and the KMS key that wraps per-organization data keys. Each function
// gets its own role and exactly the access of infra/access.ts. A new function is one more entry in
// infra/entries.ts, one IamFunction here, and its grants.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { GLOBAL_SCOPES } from '../domain/core/globalItems.js'
import { parseRouteMap } from '../functions/authorizer/routes.js'
import {
  allowOnBus,
  allowOnKey,
  allowEmailFrom,
  allowPutUnderScope,
  allowOnTable,
  BUS_PUT_ACTIONS,
  EMAIL_SEND_ACTIONS,
  EVENT_APPEND_ACTIONS,
  EVENT_READ_ACTIONS,
  ITEM_READ_ACTIONS,
  ITEM_WRITE_ACTIONS,
  KEY_DECRYPT_ACTIONS,
  KEY_USE_ACTIONS,
  READ_MODEL_WRITE_ACTIONS,
  STATE_CHECKPOINT_ACTIONS,
  STATE_SWEEP_ACTIONS,
} from './access.js'
import { loadConfig } from '../functions/config.js'
import { API_ROUTES } from './apiRoutes.js'
import { API_FUNCTIONS, type LambdaName } from './entries.js'
import { EventPublishing } from './eventBus.js'
import { IamFunction } from './lambdaFunction.js'
import { StreamConsumer } from './streamConsumer.js'
import { SweepSchedule } from './sweepSchedule.js'
import { createTables, type Tables } from './tables.js'

export interface IamStackProps extends StackProps {
  /** Prefix of the three table names (the functions' `IAM_TABLE_PREFIX`); default `<stack name>-`, lower case. */
  tablePrefix?: string
  /** The public base URL when a custom domain fronts the API; default the HTTP API's own endpoint. */
  publicUrl?: string
  logRetention?: RetentionDays
  /**
   * The authorizer's route map (JSON, functions/authorizer/routes.ts) as IAM_AUTHORIZER_ROUTES; default the
   * routes.json bundled with the function. A map past Lambda's 4 KB of environment belongs in routes.json.
   */
  authorizerRoutes?: string
  /**
   * The verified SES sender of notification e-mails (IAM_SES_FROM): the API functions may send from it alone.
   * Unset, notifications stay in the outbox table (`iam outbox`).
   */
  sesFrom?: string
  /**
   * Further settings of the API functions, as the `IAM_*` variables the local server reads (functions/config.ts):
   * nscale platform administrators, OIDC providers, platform clients and their roles, account creation, e-mail
   * verification, the onboarding webhook, SCP settings. Checked at synth time by the same parser the functions use;
   * the stack's own variables (tables, key, public URL, SES sender) cannot be overridden.
   */
  apiSettings?: Record<string, string>
}

/** Lambda allows 4 KB of environment in all; the rest of the authorizer's variables are short. */
const AUTHORIZER_ROUTES_MAX_BYTES = 3 * 1024

export class IamStack extends Stack {
  readonly tables: Tables
  readonly httpApi: HttpApi
  /** One per surface group (infra/entries.ts API_FUNCTIONS), each at its paths of infra/apiRoutes.ts. */
  readonly apiFunctions: Partial<Record<LambdaName, IamFunction>>
  readonly projector: IamFunction
  readonly projectorStream: StreamConsumer
  readonly publisher: IamFunction
  readonly publisherStream: StreamConsumer
  readonly sweep: IamFunction
  readonly sweepSchedule: SweepSchedule
  readonly authorizer: IamFunction
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
    const apiSettings = checkedApiSettings(props.apiSettings ?? {})

    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'IAM API (Scaleway, SCP and nscale surfaces)' })
    const publicUrl = props.publicUrl ?? this.httpApi.apiEndpoint
    this.apiFunctions = {}
    for (const name of API_FUNCTIONS) {
      const routes = API_ROUTES[name]
      if (!routes) throw new Error(`infra/apiRoutes.ts names no paths for ${name}`)
      const api = new IamFunction(this, pascalCase(name), {
        name,
        description: `IAM API: ${routes.description}`,
        memorySize: 1024,
        timeout: Duration.seconds(29),
        logRetention,
        // The Api resource itself does not depend on the function (only its integrations and routes do), so the
        // function may reference its endpoint without a cycle.
        environment: {
          ...environment,
          IAM_KMS_KEY_ID: this.keyring.keyArn,
          ...apiSettings,
          IAM_PUBLIC_URL: publicUrl,
          ...(props.sesFrom !== undefined && { IAM_SES_FROM: props.sesFrom }),
        },
      })
      if (props.sesFrom !== undefined) allowEmailFrom(api.role, this, props.sesFrom, EMAIL_SEND_ACTIONS)
      allowOnTable(api.role, events, EVENT_APPEND_ACTIONS)
      allowOnTable(api.role, state, ITEM_WRITE_ACTIONS)
      allowOnTable(api.role, read, ITEM_READ_ACTIONS)
      allowOnKey(api.role, this.keyring, KEY_USE_ACTIONS)
      const integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, api.function)
      for (const path of routes.paths) this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration })
      if (routes.fallback) new HttpRoute(this, 'DefaultRoute', { httpApi: this.httpApi, routeKey: HttpRouteKey.DEFAULT, integration })
      this.apiFunctions[name] = api
    }

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
    this.projectorStream = new StreamConsumer(this, 'ProjectorStream', {
      table: events,
      consumer: this.projector.function,
      failureAdvice: 'Fix the cause, then run `iam projections repair`.',
      lagAdvice: 'lists, audit and checks are stale.',
    })

    this.publishing = new EventPublishing(this, 'Publishing', { busName: `${tablePrefix}bus` })
    this.publisher = new IamFunction(this, 'Publisher', {
      name: 'publisher',
      description: 'IAM publisher: puts every event envelope on the event bus',
      memorySize: 256,
      timeout: Duration.seconds(60),
      logRetention,
      environment: { IAM_EVENT_BUS_NAME: this.publishing.bus.eventBusName },
    })
    allowOnBus(this.publisher.role, this.publishing.bus, BUS_PUT_ACTIONS)
    this.publisherStream = new StreamConsumer(this, 'PublisherStream', {
      table: events,
      consumer: this.publisher.function,
      failureAdvice: 'Their events never reached the bus; subscribers can read them from the audit log.',
      lagAdvice: 'subscribers receive events late.',
    })

    this.sweep = new IamFunction(this, 'Sweep', {
      name: 'sweep',
      description: 'IAM sweep: appends CredentialExpired for credentials past expiry',
      memorySize: 512,
      // Shorter than the schedule's period, so runs seldom overlap (overlapping runs are safe).
      timeout: Duration.minutes(4),
      logRetention,
      environment,
    })
    allowOnTable(this.sweep.role, events, EVENT_APPEND_ACTIONS)
    allowOnTable(this.sweep.role, state, STATE_SWEEP_ACTIONS)
    allowOnTable(this.sweep.role, read, ITEM_READ_ACTIONS)
    this.sweepSchedule = new SweepSchedule(this, 'SweepSchedule', { sweep: this.sweep.function })

    const routes = props.authorizerRoutes
    if (routes !== undefined) {
      parseRouteMap(routes)
      if (Buffer.byteLength(routes) > AUTHORIZER_ROUTES_MAX_BYTES) {
        throw new Error(`authorizerRoutes is over ${AUTHORIZER_ROUTES_MAX_BYTES} bytes: put the map in functions/authorizer/routes.json instead`)
      }
    }
    this.authorizer = new IamFunction(this, 'Authorizer', {
      name: 'authorizer',
      description: 'IAM Lambda authorizer for API Gateway HTTP APIs (payload 2.0, simple responses)',
      memorySize: 512,
      timeout: Duration.seconds(10),
      logRetention,
      environment: { ...environment, IAM_KMS_KEY_ID: this.keyring.keyArn, ...(routes !== undefined && { IAM_AUTHORIZER_ROUTES: routes }) },
    })
    // Credentials and principal status items; the grants and their watermarks.
    allowOnTable(this.authorizer.role, state, ITEM_READ_ACTIONS)
    allowOnTable(this.authorizer.role, read, ITEM_READ_ACTIONS)
    // SCP signatures: the sealed secret is decrypted, and a signed write's replay guard is put (nothing else).
    allowOnKey(this.authorizer.role, this.keyring, KEY_DECRYPT_ACTIONS)
    allowPutUnderScope(this.authorizer.role, state, GLOBAL_SCOPES.scpSignature)
    // Any HTTP API of this account may put the authorizer in front of its routes.
    this.authorizer.function.addPermission('InvokeFromApiGateway', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: this.account,
    })

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the API (IAM_PUBLIC_URL unless publicUrl is set)', value: this.httpApi.apiEndpoint })
    new CfnOutput(this, 'TablePrefix', { description: 'IAM_TABLE_PREFIX for the CLI', value: tablePrefix })
    new CfnOutput(this, 'EventBusName', { description: 'EventBridge bus of the event envelopes', value: this.publishing.bus.eventBusName })
    new CfnOutput(this, 'ProjectorFailureQueueUrl', { value: this.projectorStream.failures.queueUrl })
    new CfnOutput(this, 'PublisherFailureQueueUrl', { value: this.publisherStream.failures.queueUrl })
    new CfnOutput(this, 'AuthorizerArn', { description: 'Lambda authorizer for API Gateway HTTP APIs (docs/authorizer.md)', value: this.authorizer.function.functionArn })
  }
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())
}

/** The stack sets these itself. */
const STACK_VARIABLES = new Set(['IAM_TABLE_PREFIX', 'IAM_KMS_KEY_ID', 'IAM_PUBLIC_URL', 'IAM_SES_FROM', 'IAM_AUTHORIZER_ROUTES'])

/** Secrets would sit in clear in the template and the functions' configuration: not through apiSettings. */
const SECRET_VARIABLES = new Set(['IAM_NSCALE_ONBOARDING_WEBHOOK_TOKEN', 'IAM_BOOTSTRAP_SECRET_KEY'])

/**
 * `apiSettings` as the functions will read them: `IAM_*` names, not the stack's own, no secrets (system OIDC
 * providers without `clientSecret`: an organization's provider keeps its secret sealed by the key instead), valid
 * for functions/config.ts.
 */
export function checkedApiSettings(settings: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(settings)) {
    if (!/^IAM_[A-Z0-9_]+$/.test(name)) throw new Error(`apiSettings: ${name} is not an IAM_* variable`)
    if (STACK_VARIABLES.has(name)) throw new Error(`apiSettings: ${name} is set by the stack`)
    if (SECRET_VARIABLES.has(name)) throw new Error(`apiSettings: ${name} is a secret; it would be readable in the template`)
  }
  const config = loadConfig(settings)
  if (config.nscaleOidc.systemProviders.some((provider) => provider.clientSecret !== undefined)) {
    throw new Error('apiSettings: IAM_NSCALE_OIDC_PROVIDERS may not hold a clientSecret; it would be readable in the template')
  }
  return settings
}
