// The current version of each projection: a pointer item in the state table (missing = 1), cached briefly
// so that the projector and the readers do not pay a read per event. `rebuild` allocates and switches it.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Dynamo } from '../store/dynamo.js'
import { pointerKey } from './keys.js'

export interface VersionPointer {
  /** How long a read version may be served from cache; a switch is seen everywhere after this. */
  readonly ttlMs: number
  /** With `fresh`, skips the cache (rebuild and repair must see a switch at once). */
  current(projection: string, options?: { fresh?: boolean }): Promise<number>
  /** A version no one has written yet, for a rebuild. */
  allocate(projection: string): Promise<number>
  /** Points readers and the projector at `to`; fails when the pointer has moved away from `from`. */
  switchTo(projection: string, from: number, to: number): Promise<void>
}

export function createVersionPointer(dynamo: Dynamo, ttlMs = 1000): VersionPointer {
  const cache = new Map<string, { version: number; until: number }>()

  async function read(projection: string): Promise<number> {
    const out = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: pointerKey(projection), ConsistentRead: true }))
    const version = out.Item?.version
    return typeof version === 'number' ? version : 1
  }

  return {
    ttlMs,
    async current(projection, options = {}) {
      const hit = cache.get(projection)
      if (hit && hit.until > Date.now() && !options.fresh) return hit.version
      const version = await read(projection)
      cache.set(projection, { version, until: Date.now() + ttlMs })
      return version
    },
    async allocate(projection) {
      // `allocated` only grows, so an abandoned rebuild's half-written version is never reused.
      const out = await dynamo.doc.send(
        new UpdateCommand({
          TableName: dynamo.tables.state,
          Key: pointerKey(projection),
          UpdateExpression: 'SET #a = if_not_exists(#a, :one) + :one, #v = if_not_exists(#v, :one)',
          ExpressionAttributeNames: { '#a': 'allocated', '#v': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      )
      return out.Attributes?.allocated as number
    },
    async switchTo(projection, from, to) {
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: dynamo.tables.state,
          Key: pointerKey(projection),
          UpdateExpression: 'SET #v = :to',
          ConditionExpression: '#v = :from',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':from': from, ':to': to },
        }),
      )
      cache.set(projection, { version: to, until: Date.now() + ttlMs })
    },
  }
}
