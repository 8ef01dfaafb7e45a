// Assertions on the synthesized stack: synthesized once, with bundling skipped (no esbuild run). Synthesis
// also runs CDK's CloudFormation schema validation, which fails the suite on an invalid template.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TABLE_SPECS } from '../functions/store/tables.js'
import { API_ROUTES } from './apiRoutes.js'
import { API_FUNCTIONS, LAMBDA_ENTRIES, PROJECT_ROOT } from './entries.js'
import { IamStack } from './stack.js'

type Resource = { Type: string; Properties: Record<string, unknown> }
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }

let template: Template
let stack: IamStack
const outdir = mkdtempSync(join(tmpdir(), 'iam-cdk-test-'))

beforeAll(() => {
  // The feature flags of cdk.json, so the template is the one `cdk synth` produces.
  const { context } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
  const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } })
  stack = new IamStack(app, 'Test', { tablePrefix: 'test-' })
  template = Template.fromStack(stack)
})

afterAll(() => rmSync(outdir, { recursive: true, force: true }))

const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as never)

function policyStatements(): Array<{ roles: unknown; statement: Statement }> {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, Resource>
  return Object.values(policies).flatMap((policy) => {
    const document = policy.Properties.PolicyDocument as { Statement: Statement[] }
    return document.Statement.map((statement) => ({ roles: policy.Properties.Roles, statement }))
  })
}

const actionsOf = (statement: Statement): string[] => [statement.Action].flat()

function actionsOfRole(roleLogicalId: string): string[] {
  return policyStatements()
    .filter(({ roles }) => JSON.stringify(roles).includes(`"${roleLogicalId}"`))
    .flatMap(({ statement }) => actionsOf(statement))
}

function actionsOnTable(roleLogicalId: string, tableLogicalId: string): string[] {
  return policyStatements()
    .filter(({ roles }) => JSON.stringify(roles).includes(`"${roleLogicalId}"`))
    .filter(({ statement }) => JSON.stringify(statement.Resource).includes(`["${tableLogicalId}","Arn"]`))
    .flatMap(({ statement }) => actionsOf(statement))
}

describe('tables', () => {
  it('creates the three tables of TABLE_SPECS, pay per request, keyed as the local server keys them', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', TABLE_SPECS.length)
    for (const spec of TABLE_SPECS) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `test-${spec.logical}`,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: spec.sortKey.name, KeyType: 'RANGE' },
        ],
      })
    }
  })

  it('streams new images of the event log, with point-in-time recovery and deletion protection', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        TableName: 'test-events',
        KeySchema: [
          { AttributeName: 'streamId', KeyType: 'HASH' },
          { AttributeName: 'version', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([{ AttributeName: 'version', AttributeType: 'N' }]),
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    })
  })

  it('expires state and read items by the ttl attribute; only the log has a stream', () => {
    for (const name of ['state', 'read']) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `test-${name}`,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        StreamSpecification: Match.absent(),
      })
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'test-state',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    })
  })
})

describe('functions', () => {
  it('runs every function on Node 22, arm64, from an ESM bundle, each with its own role', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>)
    expect(functions).toHaveLength(Object.keys(LAMBDA_ENTRIES).length)
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' })
    }
    const roles = functions.map((fn) => JSON.stringify(fn.Properties.Role))
    expect(new Set(roles).size).toBe(functions.length)
  })

  it('gives each function a log group with a retention', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>)
    const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 } })
    for (const fn of functions) {
      const group = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref
      expect(Object.keys(groups)).toContain(group)
    }
  })

  it('tells the functions their table prefix, and the API its public URL from the HTTP API endpoint', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM API'),
      Environment: {
        Variables: Match.objectLike({
          IAM_TABLE_PREFIX: 'test-',
          IAM_PUBLIC_URL: { 'Fn::GetAtt': [logicalId(stack.httpApi), 'ApiEndpoint'] },
          IAM_KMS_KEY_ID: { 'Fn::GetAtt': [logicalId(stack.keyring), 'Arn'] },
        }),
      },
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM projector'),
      Environment: { Variables: Match.objectLike({ IAM_TABLE_PREFIX: 'test-', IAM_KMS_KEY_ID: Match.absent() }) },
    })
  })
})

describe('HTTP API', () => {
  it("routes each surface's paths to its own function with payload format 2.0, and the rest to the authz function", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>)
    const functionOf = (routeKey: string) => {
      const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey)
      const target = JSON.stringify(route?.Properties.Target)
      const integration = Object.entries(integrations).find(([id]) => target.includes(id))?.[1]
      expect(integration?.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' })
      return (integration!.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]
    }
    expect(API_FUNCTIONS.length).toBeGreaterThan(1)
    for (const name of API_FUNCTIONS) {
      for (const path of API_ROUTES[name]!.paths) expect(functionOf(`ANY ${path}`)).toBe(logicalId(stack.apiFunctions[name]!.function))
    }
    expect(functionOf('$default')).toBe(logicalId(stack.apiFunctions['api-authz']!.function))
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true })
  })

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [logicalId(stack.httpApi), 'ApiEndpoint'] } })
  })
})

describe('projector stream', () => {
  it('maps the events stream to the projector with the settings of DESIGN §5', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2)
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.tables.events), 'StreamArn'] },
      FunctionName: { Ref: logicalId(stack.projector.function) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.projectorStream.failures), 'Arn'] } },
      },
    })
  })

  it('alarms as soon as a record lands in the failure queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true })
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.projectorStream.failures), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
    })
  })

  it('alarms when the projections lag the log', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.projector.function) } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 60_000,
    })
  })
})

describe('event bus', () => {
  it('creates the bus with an example rule delivering every envelope to a subscriber queue', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'test-bus' })
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack.publishing.bus) },
      EventPattern: { source: [{ exists: true }] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack.publishing.exampleQueue), 'Arn'] } })],
    })
    template.hasOutput('EventBusName', { Value: { Ref: logicalId(stack.publishing.bus) } })
  })
})

describe('publisher', () => {
  it('maps the events stream to the publisher with its own failure queue and the settings of DESIGN §5', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.tables.events), 'StreamArn'] },
      FunctionName: { Ref: logicalId(stack.publisher.function) },
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.publisherStream.failures), 'Arn'] } },
      },
    })
    expect(logicalId(stack.publisherStream.failures)).not.toBe(logicalId(stack.projectorStream.failures))
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.publisherStream.failures), 'QueueName'] } }],
      Threshold: 1,
    })
  })

  it('names the bus to the publisher, which may put events on it and nowhere else', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM publisher'),
      Environment: { Variables: Match.objectLike({ IAM_EVENT_BUS_NAME: { Ref: logicalId(stack.publishing.bus) } }) },
    })
    const puts = policyStatements().filter(({ statement }) => actionsOf(statement).includes('events:PutEvents'))
    expect(puts).toHaveLength(1)
    expect(JSON.stringify(puts[0]!.roles)).toContain(`"${logicalId(stack.publisher.role)}"`)
    expect(puts[0]!.statement).toMatchObject({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [logicalId(stack.publishing.bus), 'Arn'] } })
  })

  it('gives the publisher the stream and the bus only: no table item is read or written', () => {
    const role = logicalId(stack.publisher.role)
    for (const table of Object.values(stack.tables)) expect(actionsOnTable(role, logicalId(table))).toEqual([])
    expect(actionsOfRole(role)).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'events:PutEvents']))
    expect(actionsOfRole(role).filter((action) => /^dynamodb:(Get|Put|Update|Delete|BatchWrite|Query)Item?$/.test(action))).toEqual([])
  })
})

describe('expiry sweep', () => {
  it('runs the sweep every five minutes from EventBridge Scheduler with a scheduled event, without retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.sweep.function), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0 },
        Input: Match.serializedJson(Match.objectLike({ 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: {} })),
      },
    })
  })

  it('lets the scheduler invoke the sweep and nothing else', () => {
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule') as Record<string, Resource>)[0]!
    const schedulerRole = ((schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn)['Fn::GetAtt'][0]
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })]) }),
    })
    expect([...new Set(actionsOfRole(schedulerRole))]).toEqual(['lambda:InvokeFunction'])
  })

  it('lets the sweep append events, set credential items and its cursor, and only read the read models', () => {
    const role = logicalId(stack.sweep.role)
    const { events, state, read } = stack.tables
    expect(actionsOnTable(role, logicalId(events)).sort()).toEqual(
      ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'].sort(),
    )
    expect(actionsOnTable(role, logicalId(state))).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']))
    expect(actionsOnTable(role, logicalId(state))).not.toContain('dynamodb:DeleteItem')
    const onRead = actionsOnTable(role, logicalId(read))
    expect(onRead).toContain('dynamodb:Query')
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(onRead).not.toContain(write)
    expect(actionsOfRole(role)).not.toEqual(expect.arrayContaining(['kms:Decrypt']))
  })

  it('alarms when the sweep fails three runs in a row', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.sweep.function) } }],
      Threshold: 1,
      EvaluationPeriods: 3,
    })
  })
})

describe('Lambda authorizer', () => {
  it('outputs its ARN and lets API Gateway of this account invoke it', () => {
    template.hasOutput('AuthorizerArn', { Value: { 'Fn::GetAtt': [logicalId(stack.authorizer.function), 'Arn'] } })
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack.authorizer.function), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    })
  })

  it('reads credentials, principal status and grants, decrypts SCP secrets, and writes only SCP replay guards', () => {
    const role = logicalId(stack.authorizer.role)
    const { events, state, read } = stack.tables
    const reads = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query']
    expect(actionsOnTable(role, logicalId(events))).toEqual([])
    expect(actionsOnTable(role, logicalId(read)).sort()).toEqual(reads.sort())
    expect(actionsOnTable(role, logicalId(state)).sort()).toEqual([...reads, 'dynamodb:PutItem'].sort())
    const put = policyStatements().find(
      ({ roles, statement }) => JSON.stringify(roles).includes(`"${role}"`) && actionsOf(statement).includes('dynamodb:PutItem'),
    )
    expect(put?.statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['~scpsig#*'] } })
    expect(actionsOfRole(role)).toContain('kms:Decrypt')
    expect(actionsOfRole(role)).not.toEqual(expect.arrayContaining(['kms:Encrypt']))
    expect(actionsOfRole(role)).not.toEqual(expect.arrayContaining(['kms:GenerateDataKey']))
  })

  it('lets the API functions send e-mail only from the configured SES sender, and only when one is configured', () => {
    expect(JSON.stringify(policyStatements().map(({ statement }) => statement.Action))).not.toContain('ses:')
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } })
    const withSes = Template.fromStack(new IamStack(app, 'Mail', { tablePrefix: 'test-', sesFrom: 'iam@example.com' }))
    const sends = Object.values(withSes.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap((policy) =>
      (policy.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement.filter((statement) =>
        JSON.stringify(statement.Action).includes('ses:'),
      ),
    )
    expect(sends).toHaveLength(API_FUNCTIONS.length)
    for (const statement of sends) {
      expect(statement.Action).toBe('ses:SendEmail')
      expect(JSON.stringify(statement.Resource)).toContain(':identity/iam@example.com')
      expect(JSON.stringify(statement.Resource)).toContain(':identity/example.com')
    }
    withSes.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM API'),
      Environment: { Variables: Match.objectLike({ IAM_SES_FROM: 'iam@example.com' }) },
    })
  })

  it('passes apiSettings to the API functions once the functions\' own parser accepts them', () => {
    const build = (apiSettings: Record<string, string>) => {
      const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } })
      return new IamStack(app, 'Settings', { tablePrefix: 'test-', apiSettings })
    }
    Template.fromStack(build({ IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS: 'ops@example.com' })).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM API'),
      Environment: { Variables: Match.objectLike({ IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS: 'ops@example.com', IAM_TABLE_PREFIX: 'test-' }) },
    })
    expect(() => build({ IAM_NSCALE_SYSTEM_ACCOUNT_ROLES: 'svc=no-such-role' })).toThrow(/unknown roles/)
    expect(() => build({ IAM_TABLE_PREFIX: 'other-' })).toThrow(/set by the stack/)
    expect(() => build({ PATH: '/tmp' })).toThrow(/not an IAM_\* variable/)
    expect(() => build({ IAM_NSCALE_ONBOARDING_WEBHOOK_TOKEN: 't' })).toThrow(/secret/)
    const provider = { name: 'google', issuer: 'https://accounts.google.com', clientId: 'g', clientSecret: 's' }
    expect(() => build({ IAM_NSCALE_OIDC_PROVIDERS: JSON.stringify([provider]) })).toThrow(/clientSecret/)
  })

  it('takes its route map from the bundled file, or from the authorizerRoutes property once it is valid', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM Lambda authorizer'),
      Environment: { Variables: Match.objectLike({ IAM_TABLE_PREFIX: 'test-', IAM_AUTHORIZER_ROUTES: Match.absent() }) },
    })
    const routes = JSON.stringify({ 'GET /orders/{id}': { action: 'orders:orders:read', resource: 'org/{organizationId}/orders/order/{id}' } })
    const withRoutes = (authorizerRoutes: string) => {
      const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } })
      return new IamStack(app, 'Routes', { tablePrefix: 'test-', authorizerRoutes })
    }
    Template.fromStack(withRoutes(routes)).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^IAM Lambda authorizer'),
      Environment: { Variables: Match.objectLike({ IAM_AUTHORIZER_ROUTES: routes }) },
    })
    expect(() => withRoutes('{"GET /x": {"action": "orders:*:read", "resource": "org/{organizationId}"}}')).toThrow(/wildcards/)
  })
})

describe('least privilege', () => {
  it('grants no wildcard action and attaches no managed policy to any role', () => {
    const statements = policyStatements()
    expect(statements.length).toBeGreaterThan(0)
    for (const { statement } of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toContain('*')
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role') as Record<string, Resource>)) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined()
      expect(role.Properties.Policies).toBeUndefined()
    }
  })

  it('lets nobody update, delete or batch-write an event', () => {
    const events = logicalId(stack.tables.events)
    const onEvents = policyStatements().filter(({ statement }) => JSON.stringify(statement.Resource).includes(`"${events}"`))
    expect(onEvents.length).toBeGreaterThan(0)
    for (const { statement } of onEvents) {
      expect(actionsOf(statement)).not.toEqual(expect.arrayContaining(['dynamodb:UpdateItem']))
      expect(actionsOf(statement)).not.toEqual(expect.arrayContaining(['dynamodb:DeleteItem']))
      expect(actionsOf(statement)).not.toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem']))
    }
  })

  it.each(API_FUNCTIONS)('lets the API function %s append and read events, use its state items and only read the read models', (name) => {
    const role = logicalId(stack.apiFunctions[name]!.role)
    const { events, state, read } = stack.tables
    expect(actionsOnTable(role, logicalId(events)).sort()).toEqual(
      ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'].sort(),
    )
    expect(actionsOnTable(role, logicalId(state))).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    )
    const onRead = actionsOnTable(role, logicalId(read))
    expect(onRead).toContain('dynamodb:Query')
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect(onRead).not.toContain(write)
    }
    expect(actionsOfRole(role)).not.toContain('dynamodb:Scan')
  })

  it('lets the projector read events and their stream, write read models, but never append an event', () => {
    const role = logicalId(stack.projector.role)
    const { events, read } = stack.tables
    expect(actionsOnTable(role, logicalId(events)).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query'])
    expect(actionsOfRole(role)).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']))
    expect(actionsOnTable(role, logicalId(read))).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']),
    )
    expect(actionsOfRole(role)).not.toEqual(expect.arrayContaining(['kms:Decrypt']))
  })
})
