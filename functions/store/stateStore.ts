// The `state` table: the extras of an append (DESIGN §4) as DynamoDB write operations, and consistent reads.
// An item whose `ttl` has passed counts as absent everywhere (TTL deletion is lazy), including in `ifNotExists`.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import { conflict, type DomainError } from '../../domain/core/errors.js'
import type { Extra, StateKey } from '../../domain/core/ports.js'
import type { Dynamo } from './dynamo.js'
import { TTL_ATTRIBUTE } from './tables.js'

export type WriteOperation = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

export interface ExtraWrite {
  operation: WriteOperation
  /** What a failed condition on this operation means. */
  onFailure: DomainError
}

/** A failed condition the caller can know without writing (a counter delta that alone passes its limit). */
export interface ImpossibleExtra {
  impossible: DomainError
}

export function stateConflict(key: StateKey): DomainError {
  return conflict('state', `${key.pk}/${key.sk}`, 'changed', 'a concurrent change won; retry')
}

export function extraWrite(extra: Extra, table: string, now: Date): ExtraWrite | ImpossibleExtra | undefined {
  const Key = { pk: extra.key.pk, sk: extra.key.sk }
  const generic = stateConflict(extra.key)
  switch (extra.kind) {
    case 'reserve':
      return {
        operation: {
          Put: {
            TableName: table,
            Item: { ...Key, owner: extra.owner },
            ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': extra.owner },
          },
        },
        onFailure: extra.onTaken,
      }
    case 'release':
      return {
        operation: {
          Delete: {
            TableName: table,
            Key,
            ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': extra.owner },
          },
        },
        onFailure: generic,
      }
    case 'counter': {
      const onFailure = extra.onLimit ?? generic
      if (extra.limit !== undefined && extra.delta > extra.limit) return { impossible: onFailure }
      const limited = extra.limit !== undefined
      return {
        operation: {
          Update: {
            TableName: table,
            Key,
            UpdateExpression: 'ADD #n :delta',
            ...(limited ? { ConditionExpression: 'attribute_not_exists(#n) OR #n <= :max' } : {}),
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':delta': extra.delta, ...(limited ? { ':max': (extra.limit as number) - extra.delta } : {}) },
          },
        },
        onFailure,
      }
    }
    case 'put': {
      const ttl = extra.ttlSeconds !== undefined ? { [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + extra.ttlSeconds } : {}
      return {
        operation: {
          Put: {
            TableName: table,
            Item: { ...extra.attributes, ...ttl, ...Key },
            ...(extra.ifNotExists
              ? {
                  ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
                  ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
                  ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
                }
              : {}),
          },
        },
        onFailure: extra.onConditionFailed ?? generic,
      }
    }
    case 'delete':
      return { operation: { Delete: { TableName: table, Key } }, onFailure: generic }
    case 'set': {
      const entries = Object.entries(extra.attributes).filter(([name]) => name !== 'pk' && name !== 'sk')
      if (entries.length === 0) return undefined
      const names: Record<string, string> = {}
      const values: Record<string, unknown> = {}
      const sets: string[] = []
      const removes: string[] = []
      entries.forEach(([name, value], index) => {
        names[`#a${index}`] = name
        if (value === undefined) removes.push(`#a${index}`)
        else {
          values[`:a${index}`] = value
          sets.push(`#a${index} = :a${index}`)
        }
      })
      const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ')
      return {
        operation: {
          Update: {
            TableName: table,
            Key,
            UpdateExpression: expression,
            ...(extra.ifExists ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
            ExpressionAttributeNames: names,
            ...(sets.length ? { ExpressionAttributeValues: values } : {}),
          },
        },
        onFailure: extra.onConditionFailed ?? generic,
      }
    }
  }
}

/** Consistent read of one state item; an item past its `ttl` is absent. */
export async function readStateItem(dynamo: Dynamo, key: StateKey, now: Date): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }))
  return Item && isLive(Item, now) ? Item : undefined
}

export function isLive(item: Record<string, unknown>, now: Date): boolean {
  const ttl = item[TTL_ATTRIBUTE]
  return typeof ttl !== 'number' || ttl * 1000 > now.getTime()
}
