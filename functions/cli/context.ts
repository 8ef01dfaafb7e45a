// What a CLI command works on: the same tables as the server (DYNAMODB_ENDPOINT + IAM_TABLE_PREFIX), the
// running local server's embedded DynamoDB Local when there is one, or DynamoDB on AWS when a region is set.
import type { Logger } from '@aws-lambda-powertools/logger'
import { createDeps, createLogger, type AppDeps } from '../api/deps.js'
import type { Config, Environment } from '../config.js'
import { localClient } from '../local/dynamodbLocal.js'
import { readRunningServer, serverFilePath } from '../local/serverFile.js'
import { dynamoFromEnvironment, wrap } from '../store/dynamo.js'
import { tableNames } from '../store/tables.js'
import { UsageError } from './errors.js'

export interface TableTarget {
  /** undefined = DynamoDB on AWS (the SDK's default credentials and region). */
  endpoint?: string
  tablePrefix: string
  /** Where the target came from, for the operator. */
  source: 'DYNAMODB_ENDPOINT' | 'local server' | 'AWS'
}

export function tableTarget(config: Config, env: Environment): TableTarget {
  if (config.dynamodbEndpoint) return { endpoint: config.dynamodbEndpoint, tablePrefix: config.tablePrefix, source: 'DYNAMODB_ENDPOINT' }
  const server = readRunningServer(serverFilePath(config.dataDir))
  if (server) {
    return { endpoint: server.dynamodbEndpoint, tablePrefix: env.IAM_TABLE_PREFIX ? config.tablePrefix : server.tablePrefix, source: 'local server' }
  }
  if (env.AWS_REGION || env.AWS_DEFAULT_REGION) return { tablePrefix: config.tablePrefix, source: 'AWS' }
  throw new UsageError(
    'no tables to work on: set DYNAMODB_ENDPOINT (and IAM_TABLE_PREFIX) to the server\'s DynamoDB, start the local server ' +
      '(npm start) from this directory, or set AWS_REGION to use DynamoDB on AWS',
  )
}

export function openDeps(config: Config, target: TableTarget, logger: Logger = createLogger('iam-cli')): AppDeps {
  const dynamo = target.endpoint
    ? wrap(localClient(target.endpoint), tableNames(target.tablePrefix))
    : dynamoFromEnvironment({ tablePrefix: target.tablePrefix })
  return createDeps({ ...config, tablePrefix: target.tablePrefix }, dynamo, { logger })
}
