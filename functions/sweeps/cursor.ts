// How far back the sweep must look: every expiry day up to `through` has been swept after it ended (plus a day
// for the projector to file late entries), so later runs start the day after. One state item, moved forward only.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { globalPk, GLOBAL_SCOPES } from '../../domain/core/globalItems.js'
import type { StateKey } from '../../domain/core/ports.js'
import type { Dynamo } from '../store/dynamo.js'
import { isConditionFailure } from '../projector/dynamoBatch.js'

export const SWEEP_CURSOR_KEY: StateKey = { pk: globalPk(GLOBAL_SCOPES.system, 'sweep'), sk: 'credentialExpiry' }

export async function readSweepCursor(dynamo: Dynamo): Promise<string | undefined> {
  const out = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...SWEEP_CURSOR_KEY }, ConsistentRead: true }))
  const through = out.Item?.through
  return typeof through === 'string' ? through : undefined
}

/** Moves the cursor to `through` unless it already stands there or later (another sweep moved it). */
export async function advanceSweepCursor(dynamo: Dynamo, through: string): Promise<void> {
  try {
    await dynamo.doc.send(
      new PutCommand({
        TableName: dynamo.tables.state,
        Item: { ...SWEEP_CURSOR_KEY, through },
        ConditionExpression: 'attribute_not_exists(pk) OR through < :through',
        ExpressionAttributeValues: { ':through': through },
      }),
    )
  } catch (error) {
    if (!isConditionFailure(error)) throw error
  }
}

/** `yyyy-mm-dd` of an instant, in UTC (the index's days). */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  const time = new Date(`${day}T00:00:00.000Z`)
  time.setUTCDate(time.getUTCDate() + days)
  return utcDay(time)
}
