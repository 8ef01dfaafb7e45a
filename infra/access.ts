// Least-privilege DynamoDB, KMS and EventBridge access, one named grant per kind of use. Every action is spelled out:
// no wildcards, and nothing may update, delete or batch-write an event (the log is append-only; a
// TransactWriteItems is authorized per item by PutItem and ConditionCheckItem).
import type { Stack } from 'aws-cdk-lib'
import type { IEventBus } from 'aws-cdk-lib/aws-events'
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']

/** Conditional Puts of new versions, in a PutItem or a transaction; consistent Queries to fold streams. */
export const EVENT_APPEND_ACTIONS = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query']
/** Folding a stream to fill a gap (DESIGN §5). */
export const EVENT_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query']
export const ITEM_READ_ACTIONS = READ
export const ITEM_WRITE_ACTIONS = [...READ, ...WRITE]
/** Projections batch the writes of a change that reaches many items (a group of N members). */
export const READ_MODEL_WRITE_ACTIONS = [...READ, ...WRITE, 'dynamodb:BatchWriteItem']
/** Projection pointers and checkpoints: read, set, never removed by a Lambda. */
export const STATE_CHECKPOINT_ACTIONS = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem']
/** Reading protocol secrets back (the authorizer verifying SCP signatures). */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt']
/** Envelope encryption of protocol secrets with per-organization data keys. */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']
/** The sweep: a credential item's status set with its `CredentialExpired` event, and the sweep's cursor; nothing deleted. */
export const STATE_SWEEP_ACTIONS = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem']
/** Notification e-mails (SCP one-time passcodes, Scaleway welcome and password mails) from one verified identity. */
export const EMAIL_SEND_ACTIONS = ['ses:SendEmail']
/** Putting event envelopes on the bus, nothing else. */
export const BUS_PUT_ACTIONS = ['events:PutEvents']

export function allowOnTable(grantee: IGrantable, table: ITable, actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [table.tableArn] }))
}

export function allowOnKey(grantee: IGrantable, key: IKey, actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [key.keyArn] }))
}

export function allowOnBus(grantee: IGrantable, bus: IEventBus, actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [bus.eventBusArn] }))
}

/** SES v2 authorizes SendEmail on the sender's identity: the address itself or its domain. */
export function allowEmailFrom(grantee: IGrantable, stack: Stack, from: string, actions: string[]): void {
  const domain = from.slice(from.lastIndexOf('@') + 1)
  const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name })
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [identity(from), identity(domain)] }))
}

/** PutItem on the items of one global scope (`~scope#…` partition keys) alone, through the LeadingKeys condition. */
export function allowPutUnderScope(grantee: IGrantable, table: ITable, scope: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${scope}#*`] } },
    }),
  )
}
