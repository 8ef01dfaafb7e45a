// One DynamoDB Local for the whole run; each test file makes its own table prefix (test/support/tables.ts).
import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodbLocal.js'

let local: DynamoDbLocal | undefined

export async function setup(project: TestProject): Promise<void> {
  local = await startDynamoDbLocal()
  project.provide('dynamodbEndpoint', local.endpoint)
  process.env.DYNAMODB_ENDPOINT = local.endpoint
}

export async function teardown(): Promise<void> {
  await local?.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string
  }
}
