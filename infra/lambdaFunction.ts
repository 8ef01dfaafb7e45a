// One Lambda function as every function of the product is deployed: Node 22 on arm64, bundled by the pinned
// local esbuild with the options of infra/entries.ts, its own role (nothing granted but its own log group)
// and its own log group with a retention. Callers add exactly the access the function needs to `role`.
import { Duration } from 'aws-cdk-lib'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { join } from 'node:path'
import { BUNDLE_OPTIONS, entryPath, PROJECT_ROOT, type LambdaName } from './entries.js'

export interface IamFunctionProps {
  name: LambdaName
  description: string
  memorySize: number
  timeout: Duration
  logRetention: RetentionDays
  environment: Record<string, string>
}

export class IamFunction extends Construct {
  readonly role: Role
  readonly function: NodejsFunction
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: IamFunctionProps) {
    super(scope, id)
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `iam ${props.name} function`,
    })
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention })
    this.logGroup.grantWrite(this.role)
    this.function = new NodejsFunction(this, 'Function', {
      entry: entryPath(props.name),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: `iam-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Iam',
        ...props.environment,
      },
      bundling: {
        // There is no Docker engine: the pinned esbuild of node_modules bundles, and must be present.
        forceDockerBundling: false,
        externalModules: [...BUNDLE_OPTIONS.external],
        format: OutputFormat.ESM,
        target: BUNDLE_OPTIONS.target,
        minify: BUNDLE_OPTIONS.minify,
        keepNames: BUNDLE_OPTIONS.keepNames,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner,
        sourceMap: false,
      },
    })
  }
}
