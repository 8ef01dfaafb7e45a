// One Lambda function as every function of the product is deployed: Node 22 on arm64, bundled by the pinned
// local esbuild with the options of infra/entries.ts, its own role (nothing granted but its own log group)
// and its own log group with a retention. Callers add exactly the access the function needs to `role`.
import { spawnSync } from 'node:child_process'
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { PROJECT_ROOT, type LambdaName } from './entries.js'

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
  readonly function: LambdaFunction
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: IamFunctionProps) {
    super(scope, id)
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `iam ${props.name} function`,
    })
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention })
    this.logGroup.grantWrite(this.role)
    this.function = new LambdaFunction(this, 'Function', {
      handler: 'index.handler',
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
      code: Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never used: the local esbuild bundles (there is no Docker engine), and must be present.
          image: DockerImage.fromRegistry('local-esbuild-only'),
          local: { tryBundle: (outputDir) => bundleLocally(props.name, outputDir) },
        },
      }),
    })
  }
}

/** infra/bundle.ts in a child process: CDK bundles synchronously, the bundler's plugins need esbuild's async API. */
function bundleLocally(name: LambdaName, outputDir: string): boolean {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/bundle.ts', name, outputDir], { cwd: PROJECT_ROOT, stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`bundling the ${name} function failed (exit ${result.status ?? result.signal})`)
  return true
}
