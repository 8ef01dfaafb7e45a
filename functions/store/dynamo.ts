// DynamoDB clients and idempotent table creation, shared by the server, the CLI, the Lambdas and the tests.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createTableInput, TABLE_SPECS, tableNames, TTL_ATTRIBUTE, type TableNames } from './tables.js'

export interface Dynamo {
  client: DynamoDBClient
  doc: DynamoDBDocumentClient
  tables: TableNames
}

export function dynamoFromEnvironment(options: { endpoint?: string; tablePrefix?: string } = {}): Dynamo {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT
  const client = new DynamoDBClient(
    endpoint
      ? { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {},
  )
  return wrap(client, tableNames(options.tablePrefix))
}

export function wrap(client: DynamoDBClient, tables: TableNames): Dynamo {
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  })
  return { client, doc, tables }
}

/** Creates the missing tables and waits for them; safe to call from several processes at once. */
export async function ensureTables(client: DynamoDBClient, tables: TableNames): Promise<void> {
  await Promise.all(
    TABLE_SPECS.map(async (spec) => {
      const name = tables[spec.logical]
      try {
        await client.send(new DescribeTableCommand({ TableName: name }))
      } catch {
        try {
          await client.send(new CreateTableCommand(createTableInput(spec, tables)))
        } catch (error) {
          if (!(error instanceof ResourceInUseException)) throw error
        }
        await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: name })
        if (spec.ttl) {
          await client
            .send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }))
            .catch(() => undefined)
        }
      }
    }),
  )
}
