// The DynamoDB read store (projections/readModel.ts): consistent reads of a projection's current version.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Model } from '../../projections/contract.js'
import type { ReadStore } from '../../projections/readModel.js'
import type { Dynamo } from '../store/dynamo.js'
import { queryAll } from './dynamoBatch.js'
import { modelOf } from './items.js'
import { modelItemKey, modelKeyOf, type ItemKey } from './keys.js'
import type { VersionPointer } from './pointer.js'

export function createReadStore(dynamo: Dynamo, pointer: VersionPointer): ReadStore {
  return {
    version: (projection) => pointer.current(projection),
    async get<M extends Model>(projection: string, key: Parameters<ReadStore['get']>[1]) {
      const version = await pointer.current(projection)
      const out = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.read, Key: modelItemKey(projection, version, key), ConsistentRead: true }))
      return out.Item && (modelOf(out.Item) as M)
    },
    async query<M extends Model>(projection: string, scope: string, partition: string, options: Parameters<ReadStore['query']>[3] = {}) {
      if (options.sortPrefix === undefined && options.sortFrom !== undefined && options.sortTo !== undefined && options.sortFrom > options.sortTo) return []
      const version = await pointer.current(projection)
      const pk = modelItemKey(projection, version, { scope, partition, sort: '' }).pk
      const values: Record<string, unknown> = { ':pk': pk }
      let condition = 'pk = :pk'
      if (options.sortPrefix !== undefined) {
        condition += ' AND begins_with(sk, :prefix)'
        values[':prefix'] = options.sortPrefix
      } else if (options.sortFrom !== undefined && options.sortTo !== undefined) {
        condition += ' AND sk BETWEEN :from AND :to'
        Object.assign(values, { ':from': options.sortFrom, ':to': options.sortTo })
      } else if (options.sortFrom !== undefined) {
        condition += ' AND sk >= :from'
        values[':from'] = options.sortFrom
      } else if (options.sortTo !== undefined) {
        condition += ' AND sk <= :to'
        values[':to'] = options.sortTo
      }
      const items = await queryAll(dynamo.doc, {
        TableName: dynamo.tables.read,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ScanIndexForward: !options.descending,
      })
      return items.map((item) => ({ key: modelKeyOf(item as unknown as ItemKey), model: modelOf(item) as M }))
    },
  }
}
