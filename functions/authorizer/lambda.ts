// Lambda entry point of the authorizer; credentials of every surface are accepted (credentials.ts). The route map
// is IAM_AUTHORIZER_ROUTES (JSON) when set, else the routes.json bundled with the function (empty: every route is
// denied until mapped). An invalid map fails the function's initialisation, so a deployment never runs with a map
// it misread.
import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda'
import { systemClock } from '../../domain/core/ids.js'
import { effectiveGrants } from '../../projections/effectiveGrants/index.js'
import { createChecker } from '../authz/check.js'
import { powertoolsMetrics } from '../observability/metrics.js'
import { createProjector } from '../projector/projector.js'
import { dynamoFromEnvironment } from '../store/dynamo.js'
import { createKeyring, kmsKeyWrapper } from '../store/keyring.js'
import { createAuthorizer, type AuthorizerResult } from './authorize.js'
import { credentialSources } from './credentials.js'
import bundledRoutes from './routes.json' with { type: 'json' }
import { parseRouteMap } from './routes.js'

const logger = new Logger({ serviceName: 'iam-authorizer' })
const routes = parseRouteMap(process.env.IAM_AUTHORIZER_ROUTES ?? bundledRoutes)
const dynamo = dynamoFromEnvironment()
// The projector waits for a consistency token the caller sends; this function projects nothing.
const projector = createProjector({ dynamo, projections: [effectiveGrants] })
const metrics = powertoolsMetrics('iam-authorizer')
// SCP secrets are sealed by the keyring: with the stack's KMS key the authorizer verifies SCP signatures too.
const kmsKeyId = process.env.IAM_KMS_KEY_ID
const sources = credentialSources({
  ...(kmsKeyId && { keyring: createKeyring(dynamo, kmsKeyWrapper(kmsKeyId)) }),
  ...(process.env.IAM_AUTHORIZER_PUBLIC_URL && { publicUrl: process.env.IAM_AUTHORIZER_PUBLIC_URL }),
})
const authorize = createAuthorizer({ dynamo, routes, clock: systemClock, checker: createChecker({ dynamo, projector, metrics }), sources, logger })

export async function handler(event: APIGatewayRequestAuthorizerEventV2, context: Context): Promise<AuthorizerResult> {
  logger.addContext(context)
  try {
    return await authorize(event)
  } finally {
    metrics.publish()
  }
}
