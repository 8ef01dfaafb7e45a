// The expiry sweep (DESIGN §7): finds credentials past expiry in the expiry index (projections/credentialExpiry.ts)
// and appends `CredentialExpired` on each one's stream through the command runner, as the system actor
// `system:sweep`. It is idempotent: run twice, or twice at once, it appends one event per credential. Authentication
// never waits for it: it refuses an expired credential at request time (functions/auth/credentials.ts).
//
// Reads per run: one Query per shard of the days directory (days after the cursor, up to today), then one Query per
// (day, shard) listed, for the entries expiring at or before now; a run that finds nothing costs 16 Queries.
import type { Logger } from '@aws-lambda-powertools/logger'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { CommandOutcome, RequestMeta } from '../../domain/core/ports.js'
import {
  CREDENTIAL_EXPIRY,
  expiredUpTo,
  expiryDaysPartition,
  expiryPartition,
  EXPIRY_SCOPE,
  EXPIRY_SHARDS,
  type ExpiryEntry,
} from '../../projections/credentialExpiry.js'
import type { ReadStore } from '../../projections/readModel.js'
import { mapLimit } from '../projector/dynamoBatch.js'
import type { CommandRunner } from '../store/commandRunner.js'
import type { Dynamo } from '../store/dynamo.js'
import { addDays, advanceSweepCursor, readSweepCursor, utcDay } from './cursor.js'
import { expireCommand, type ExpireOutcome } from './expire.js'

export interface SweepDeps {
  dynamo: Dynamo
  runner: CommandRunner
  readStore: ReadStore
  clock: Clock
  ids: IdGenerator
  logger?: Pick<Logger, 'warn' | 'error'>
}

export interface SweepOptions {
  /** Correlates the run's events and logs (the scheduled event's id on Lambda); default a new ULID. */
  requestId?: string
  /** Credentials expired at once (default 8). */
  concurrency?: number
}

export interface SweepResult {
  /** `CredentialExpired` events this run appended. */
  expired: number
  /** Index entries past expiry this run looked at (already expired or moved ones decide nothing). */
  examined: number
  /** Entries whose command failed; the next run tries them again. */
  failed: number
}

/** Days an expiry day is swept again after it ended, so that entries the projector files late are still found. */
const SETTLE_DAYS = 2
const QUERIES_IN_FLIGHT = 8

export const SWEEP_USER_AGENT = 'iam-sweep'

export async function sweepExpiredCredentials(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const { readStore } = deps
  const now = deps.clock.now()
  const today = utcDay(now)
  const cursor = await readSweepCursor(deps.dynamo)
  const shards = Array.from({ length: EXPIRY_SHARDS }, (_, shard) => shard)

  const listed = await mapLimit(shards, QUERIES_IN_FLIGHT, async (shard) => {
    const days = await readStore.query(CREDENTIAL_EXPIRY, EXPIRY_SCOPE, expiryDaysPartition(shard), {
      ...(cursor ? { sortFrom: addDays(cursor, 1) } : {}),
      sortTo: today,
    })
    return days.map(({ key }) => ({ day: key.sort, shard }))
  })
  const partitions = listed.flat()
  const found = await mapLimit(partitions, QUERIES_IN_FLIGHT, async ({ day, shard }) => {
    const entries = await readStore.query<ExpiryEntry>(CREDENTIAL_EXPIRY, EXPIRY_SCOPE, expiryPartition(day, shard), { sortTo: expiredUpTo(now) })
    return entries.map(({ model }) => ({ day, entry: model }))
  })
  const due = found.flat()

  const meta: RequestMeta = {
    actor: SYSTEM_ACTORS.sweep,
    requestId: options.requestId ?? deps.ids.newUlid(),
    sourceIp: '127.0.0.1',
    userAgent: SWEEP_USER_AGENT,
    surface: 'system',
  }
  const result: SweepResult = { expired: 0, examined: due.length, failed: 0 }
  const failedDays: string[] = []
  await mapLimit(due, options.concurrency ?? 8, async ({ day, entry }) => {
    try {
      const outcome = await expire(deps.runner, entry, meta)
      if (!outcome.ok) throw new Error(`the command failed: ${JSON.stringify(outcome.error)}`)
      if (!outcome.replayed && outcome.result === 'expired') result.expired++
    } catch (error) {
      result.failed++
      failedDays.push(day)
      deps.logger?.error('the sweep could not expire a credential', { organizationId: entry.organizationId, credentialId: entry.credentialId, error })
    }
  })

  // Days that have settled, and before the first one that still holds a failure, need no further look.
  const settled = addDays(today, -SETTLE_DAYS)
  const firstFailed = failedDays.sort()[0]
  const through = firstFailed && addDays(firstFailed, -1) < settled ? addDays(firstFailed, -1) : settled
  if (!cursor || through > cursor) await advanceSweepCursor(deps.dynamo, through)
  return result
}

/** Commands that lose races for longer than the runner's budget (another sweep, a busy key) go again: nobody waits. */
const CONTENDED_ATTEMPTS = 3

async function expire(runner: CommandRunner, entry: ExpiryEntry, meta: RequestMeta): Promise<CommandOutcome<ExpireOutcome>> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await runner.run(expireCommand(entry.organizationId, entry.credentialId, meta))
    if (outcome.ok || outcome.error.kind !== 'conflict' || attempt >= CONTENDED_ATTEMPTS) return outcome
  }
}
