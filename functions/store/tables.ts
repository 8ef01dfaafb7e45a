// The tables and their key layout. The CDK stack and the local table creation both build from this list.
//   events: the append-only log, pk streamId (S) + sk version (N), streams NEW_IMAGE.
//   state:  credential, principal status, reservation, counter, idempotency, rate-limit and system items;
//           pk/sk (S), TTL attribute `ttl` (garbage collection only: expiry is always checked at read).
//   read:   every projection (lists, quotas, audit, effective grants, sweep index), pk/sk (S);
//           pk = `<scope>#<projection>@<projectionVersion>#<partition>`.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

export type TableName = 'events' | 'state' | 'read'

export interface TableNames {
  events: string
  state: string
  read: string
}

export function tableNames(prefix = process.env.IAM_TABLE_PREFIX ?? 'iam-'): TableNames {
  return { events: `${prefix}events`, state: `${prefix}state`, read: `${prefix}read` }
}

export const TTL_ATTRIBUTE = 'ttl'

export interface TableSpec {
  logical: TableName
  partitionKey: { name: string; type: 'S' | 'N' }
  sortKey: { name: string; type: 'S' | 'N' }
  stream: boolean
  ttl: boolean
}

export const TABLE_SPECS: readonly TableSpec[] = [
  { logical: 'events', partitionKey: { name: 'streamId', type: 'S' }, sortKey: { name: 'version', type: 'N' }, stream: true, ttl: false },
  { logical: 'state', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' }, stream: false, ttl: true },
  { logical: 'read', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' }, stream: false, ttl: true },
]

export function createTableInput(spec: TableSpec, names: TableNames): CreateTableCommandInput {
  return {
    TableName: names[spec.logical],
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: spec.partitionKey.name, AttributeType: spec.partitionKey.type },
      { AttributeName: spec.sortKey.name, AttributeType: spec.sortKey.type },
    ],
    KeySchema: [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: spec.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
  }
}
