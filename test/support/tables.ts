// A fresh set of tables per test file, on the run's DynamoDB Local.
import { inject } from 'vitest'
import { ulid } from 'ulid'
import { ensureTables, wrap, type Dynamo } from '../../functions/store/dynamo.js'
import { localClient } from '../../functions/local/dynamodbLocal.js'
import { tableNames } from '../../functions/store/tables.js'

export function testEndpoint(): string {
  return inject('dynamodbEndpoint')
}

export async function freshTables(label = 't'): Promise<Dynamo & { prefix: string; endpoint: string }> {
  const endpoint = testEndpoint()
  const prefix = `${label}-${ulid().toLowerCase().slice(-10)}-`
  const client = localClient(endpoint)
  const tables = tableNames(prefix)
  await ensureTables(client, tables)
  return { ...wrap(client, tables), prefix, endpoint }
}
