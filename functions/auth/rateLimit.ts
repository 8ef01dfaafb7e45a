// Failed authentications are rate limited (DESIGN §8): at most `limit` failures per source IP and per credential
// (its SHA-256) in a fixed window of 60 s. Counters are state-table items under the `~ratelimit` global scope with a
// TTL, written only when an authentication fails, so the limit holds across Lambda containers; a successful
// request costs nothing. Each container also remembers, in memory, the subjects it saw reach the limit, so that it
// refuses them before authenticating (even with a valid credential) without a read. A container that has not seen
// a subject yet refuses it at its next failure, which finds the shared counter over the limit.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { GLOBAL_SCOPES, globalPk } from '../../domain/core/globalItems.js'
import type { StateKey } from '../../domain/core/ports.js'
import type { AuthFailureLimiter, AuthSubject } from '../api/scaleway/deps.js'
import type { Dynamo } from '../store/dynamo.js'
import { TTL_ATTRIBUTE } from '../store/tables.js'

export const RATE_LIMIT_WINDOW_SECONDS = 60
/** Subjects remembered as blocked per container; beyond this the oldest are forgotten (the counters still hold). */
const MAX_REMEMBERED = 10_000

export interface AuthFailureLimiterOptions {
  /** Failures allowed per subject and window (IAM_AUTH_FAIL_LIMIT). */
  limit: number
  windowSeconds?: number
}

/** The fixed window `now` falls in, in epoch seconds. */
export function windowOf(now: Date, windowSeconds = RATE_LIMIT_WINDOW_SECONDS): { start: number; end: number } {
  const start = Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds
  return { start, end: start + windowSeconds }
}

/** The counter items of a subject in a window: one per source IP, one per credential hash when there is one. */
export function rateLimitKeys(subject: AuthSubject, windowStart: number): StateKey[] {
  const sk = `window#${windowStart}`
  const keys = [{ pk: globalPk(GLOBAL_SCOPES.rateLimit, `ip#${subject.sourceIp || 'unknown'}`), sk }]
  if (subject.credentialHash) keys.push({ pk: globalPk(GLOBAL_SCOPES.rateLimit, `key#${subject.credentialHash}`), sk })
  return keys
}

export function createAuthFailureLimiter(dynamo: Dynamo, options: AuthFailureLimiterOptions): AuthFailureLimiter {
  const windowSeconds = options.windowSeconds ?? RATE_LIMIT_WINDOW_SECONDS
  /** Counter pk → epoch ms until which it is blocked. */
  const blockedUntil = new Map<string, number>()

  function remember(pk: string, until: number, now: number): void {
    blockedUntil.delete(pk)
    blockedUntil.set(pk, until)
    if (blockedUntil.size <= MAX_REMEMBERED) return
    for (const [key, value] of blockedUntil) if (value <= now) blockedUntil.delete(key)
    for (const key of blockedUntil.keys()) {
      if (blockedUntil.size <= MAX_REMEMBERED) break
      blockedUntil.delete(key)
    }
  }

  async function count(key: StateKey, ttl: number): Promise<number> {
    const out = await dynamo.doc.send(
      new UpdateCommand({
        TableName: dynamo.tables.state,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#n': 'n', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': ttl },
        ReturnValues: 'UPDATED_NEW',
      }),
    )
    return Number(out.Attributes?.n ?? 0)
  }

  return {
    async blocked(subject, now) {
      const at = now.getTime()
      let until = 0
      for (const { pk } of rateLimitKeys(subject, 0)) {
        const value = blockedUntil.get(pk)
        if (value === undefined) continue
        if (value <= at) blockedUntil.delete(pk)
        else until = Math.max(until, value)
      }
      return until > at ? secondsUntil(until, at) : undefined
    },

    async failed(subject, now) {
      const at = now.getTime()
      const window = windowOf(now, windowSeconds)
      const keys = rateLimitKeys(subject, window.start)
      // Kept one window past its end; expiry is decided by the window in the key, never by the TTL.
      const counts = await Promise.all(keys.map((key) => count(key, window.end + windowSeconds)))
      let over = false
      keys.forEach((key, index) => {
        const n = counts[index] as number
        // The limit-th failure is still answered as a failure; what follows is refused before authentication.
        if (n >= options.limit) remember(key.pk, window.end * 1000, at)
        if (n > options.limit) over = true
      })
      return over ? secondsUntil(window.end * 1000, at) : undefined
    },
  }
}

const shared = new WeakMap<Dynamo, Map<number, AuthFailureLimiter>>()

/** One limiter per tables and limit in a process, so that every surface shares its memory of blocked subjects. */
export function sharedAuthFailureLimiter(dynamo: Dynamo, limit: number): AuthFailureLimiter {
  let byLimit = shared.get(dynamo)
  if (!byLimit) shared.set(dynamo, (byLimit = new Map()))
  let limiter = byLimit.get(limit)
  if (!limiter) byLimit.set(limit, (limiter = createAuthFailureLimiter(dynamo, { limit })))
  return limiter
}

function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000))
}
