// The request context conditions read. Keys are case-insensitive: a context is looked up by lower-cased key.
import type { RequestContext } from './statement.js'

export type ContextScalar = string | number | boolean
export type ContextValue = ContextScalar | ContextScalar[]
/** Lower-cased key → value; absent keys are missing. */
export type ContextMap = ReadonlyMap<string, ContextValue>

/**
 * Keys every surface fills for each request. Scaleway CEL conditions read them as `request.ip`,
 * `request.user_agent` and `request.time`; operator blocks name them directly.
 */
export const CONTEXT_KEYS = {
  /** The caller's IP address (IPv4 or IPv6). */
  ip: 'request:ip',
  /** The caller's User-Agent header, as received. */
  userAgent: 'request:user_agent',
  /** The request time: an ISO 8601 string, or epoch seconds. */
  time: 'request:time',
} as const

export function contextMap(context: RequestContext | undefined): ContextMap {
  const map = new Map<string, ContextValue>()
  if (!context) return map
  for (const key in context) {
    const value = context[key]
    if (value !== undefined && value !== null) map.set(key.toLowerCase(), value)
  }
  return map
}

/** Milliseconds since the epoch of an ISO 8601 date or of epoch seconds; undefined otherwise. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined
  if (typeof value !== 'string') return undefined
  if (NUMBER.test(value)) return Number(value) * 1000
  if (!ISO_DATE.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
// A time needs its offset: without one, Date.parse would read it in the machine's time zone.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/
