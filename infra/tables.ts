// The three DynamoDB tables, built from functions/store/tables.ts (TABLE_SPECS and createTableInput) so that
// the deployed key layout, billing mode and stream settings are the ones the local server creates.
import { RemovalPolicy } from 'aws-cdk-lib'
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import { createTableInput, TABLE_SPECS, tableNames, TTL_ATTRIBUTE, type TableName, type TableSpec } from '../functions/store/tables.js'

export type Tables = Record<TableName, Table>

/**
 * Tables whose loss cannot be repaired from anything else: the log, and the state table, which holds the only
 * copy of credential hashes and encrypted protocol secrets. The read table is rebuilt from the log.
 */
const IRREPLACEABLE: ReadonlySet<TableName> = new Set(['events', 'state'])

export function createTables(scope: Construct, prefix: string): Tables {
  const names = tableNames(prefix)
  const entries = TABLE_SPECS.map((spec) => [spec.logical, createTable(scope, spec, names[spec.logical])] as const)
  return Object.fromEntries(entries) as Tables
}

function createTable(scope: Construct, spec: TableSpec, tableName: string): Table {
  const input = createTableInput(spec, tableNames(''))
  const irreplaceable = IRREPLACEABLE.has(spec.logical)
  return new Table(scope, `${capitalize(spec.logical)}Table`, {
    tableName,
    partitionKey: { name: spec.partitionKey.name, type: attributeType(spec.partitionKey.type) },
    sortKey: { name: spec.sortKey.name, type: attributeType(spec.sortKey.type) },
    billingMode: input.BillingMode === 'PAY_PER_REQUEST' ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED,
    stream: input.StreamSpecification?.StreamEnabled ? streamViewType(input.StreamSpecification.StreamViewType) : undefined,
    timeToLiveAttribute: spec.ttl ? TTL_ATTRIBUTE : undefined,
    pointInTimeRecoverySpecification: irreplaceable ? { pointInTimeRecoveryEnabled: true } : undefined,
    deletionProtection: irreplaceable,
    removalPolicy: RemovalPolicy.RETAIN,
  })
}

function attributeType(type: 'S' | 'N'): AttributeType {
  return type === 'S' ? AttributeType.STRING : AttributeType.NUMBER
}

function streamViewType(type: string | undefined): StreamViewType {
  const view = Object.values(StreamViewType).find((value) => value === type)
  if (!view) throw new Error(`unsupported stream view type ${String(type)}`)
  return view
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1)
}
