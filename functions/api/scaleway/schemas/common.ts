// Wire building blocks shared by every Scaleway schema: ids, timestamps, durations, query parameters and the
// field rules the official SDK's validation metadata states (spec Appendix A.9), which the server enforces.
// Request schemas decode the wire into domain values (canonical ids, Dates, seconds); response schemas are
// codecs the wire layer encodes with, so handlers return domain values and the JSON is rendered in one place.
import { z } from '@hono/zod-openapi'
import { normalizeId, toUuid } from '../../../../domain/core/ids.js'

/** Custom-issue parameter that turns a failed path parameter into a 404 of this resource. */
export const NOT_FOUND_PARAM = 'notFoundResource'
/** Custom-issue parameter carrying the invalid_arguments reason. */
export const REASON_PARAM = 'reason'

// ---------------------------------------------------------------------------------------------- ids

/** An id in a body or query: any rendering (UUID, 32 hex, ULID) decoded to the canonical 32-hex form. */
export const id = z
  .codec(z.string(), z.string(), {
    decode: (value, ctx) => {
      const canonical = normalizeId(value)
      if (canonical !== undefined) return canonical
      ctx.issues.push({ code: 'custom', input: value, message: 'must be a UUID', params: { [REASON_PARAM]: 'format' } })
      return z.NEVER
    },
    encode: (canonical) => toUuid(canonical),
  })
  .openapi({ format: 'uuid' })

/** An id in the path: a malformed one is answered like an unknown one (404 of `resource`), never 400. */
export const pathId = (resource: string) =>
  z
    .codec(z.string(), z.string(), {
      decode: (value, ctx) => {
        const canonical = normalizeId(value)
        if (canonical !== undefined) return canonical
        ctx.issues.push({ code: 'custom', input: value, message: `${resource} not found`, params: { [NOT_FOUND_PARAM]: resource } })
        return z.NEVER
      },
      encode: (canonical) => toUuid(canonical),
    })
    .openapi({ format: 'uuid' })

/** A free-form path key (quota names): bounded, else answered as not found. */
export const pathName = (resource: string, pattern: RegExp, transform: (value: string) => string = (value) => value) =>
  z.codec(z.string(), z.string(), {
    decode: (value, ctx) => {
      const key = transform(value)
      if (pattern.test(key)) return key
      ctx.issues.push({ code: 'custom', input: value, message: `${resource} not found`, params: { [NOT_FOUND_PARAM]: resource } })
      return z.NEVER
    },
    encode: (key) => key,
  })

/** Renders a canonical id as a dashed UUID; a value that is not an id (an access key, a system actor) passes as is. */
export function renderId(value: string): string {
  const canonical = normalizeId(value)
  return canonical === undefined ? value : toUuid(canonical)
}

/** A response id: handlers give the canonical form (any rendering works), the wire shows a dashed UUID. */
export const idOut = z
  .codec(z.string(), z.string(), { decode: (value) => normalizeId(value) ?? value, encode: renderId })
  .openapi({ format: 'uuid' })

// ------------------------------------------------------------------------------------------- times

// RFC 3339 with `T` or a space (Python's str(datetime)), any fraction, an offset or none (naive = UTC).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:?\d{2})?$/

export function parseTimestamp(value: string): Date | undefined {
  const match = TIMESTAMP.exec(value.trim())
  if (!match) return undefined
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, '0') : ''
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`)
  // Date rolls 31 February over to March: refuse what does not round-trip.
  if (Number.isNaN(date.getTime()) || Number(day) > 31 || Number(month) > 12 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) {
    return undefined
  }
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return check.getUTCDate() === Number(day) ? date : undefined
}

/** A request timestamp decoded to a Date. */
export const timestamp = z
  .codec(z.string(), z.date(), {
    decode: (value, ctx) => {
      const date = parseTimestamp(value)
      if (date) return date
      ctx.issues.push({ code: 'custom', input: value, message: 'must be an RFC 3339 date-time', params: { [REASON_PARAM]: 'format' } })
      return z.NEVER
    },
    encode: (date) => date.toISOString(),
  })
  .openapi({ format: 'date-time' })

/** A response timestamp: handlers give a Date or an ISO 8601 string; the wire shows RFC 3339 in UTC. */
export const timestampOut = z
  .codec(z.string(), z.union([z.date(), z.string()]), {
    decode: (value) => value,
    encode: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  })
  .openapi({ format: 'date-time', example: '2022-03-22T12:34:56.123Z' })

// ---------------------------------------------------------------------------------------- durations

const DURATION = /^(\d{1,12})(\.\d{1,9})?s$/

/** A request duration (`"86400s"`, `"2.5s"`) decoded to seconds. */
export const duration = z
  .codec(z.string(), z.number().nonnegative(), {
    decode: (value, ctx) => {
      if (DURATION.test(value)) return Number(value.slice(0, -1))
      ctx.issues.push({ code: 'custom', input: value, message: 'must be a duration in seconds such as "3600s"', params: { [REASON_PARAM]: 'format' } })
      return z.NEVER
    },
    encode: (seconds) => `${seconds}s`,
  })
  .openapi({ example: '2.5s' })

/** A response duration: handlers give seconds; the wire shows `"<seconds>s"`. */
export const durationOut = z
  .codec(z.string(), z.number().nonnegative(), { decode: (value) => Number(value.replace(/s$/, '')), encode: (seconds) => `${seconds}s` })
  .openapi({ example: '2.5s' })

// --------------------------------------------------------------------------------------------- query

/** Query booleans in any case (`true`, `True`, `FALSE`; Python sends `True`/`False`), and 1/0. */
export const queryBoolean = z
  .codec(z.string(), z.boolean(), {
    decode: (value, ctx) => {
      const lower = value.trim().toLowerCase()
      if (lower === 'true' || lower === '1') return true
      if (lower === 'false' || lower === '0') return false
      ctx.issues.push({ code: 'custom', input: value, message: 'must be true or false', params: { [REASON_PARAM]: 'format' } })
      return z.NEVER
    },
    encode: (value) => String(value),
  })
  .openapi({ type: 'boolean' })

/** A repeated query key (`?user_ids=a&user_ids=b`); one occurrence arrives as a string. */
export const queryArray = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(item).max(1000))

/** `page`: 1-based, at most 10000 (the SDKs' bound); default 1. */
export const page = z.coerce.number().int().min(1).max(10_000).default(1)
/** `page_size`: 1–100, default 20. */
export const pageSize = z.coerce.number().int().min(1).max(100).default(20)

export const orderBy = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.enum(values).default(fallback).openapi({ default: fallback })

// ---------------------------------------------------------------------------------------------- body

function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null))
}

/**
 * A JSON body object. Unknown fields are dropped (newer SDKs send fields this API does not know) and `null`
 * counts as absent (spec §5.1.3), so a nullable field is simply optional.
 */
export const bodyObject = <S extends z.ZodRawShape>(shape: S) => z.preprocess(withoutNulls, z.object(shape))

/** The `{}` body of action endpoints (lock, clone …). */
export const emptyBody = bodyObject({})

/** At most one member of a one-of group may be set; `false` counts as unset (the SDK sends `no_principal` only when chosen). */
export function atMostOne<T extends Record<string, unknown>>(group: string, members: ReadonlyArray<keyof T & string>) {
  return (value: T, ctx: z.RefinementCtx) => {
    const set = members.filter((member) => value[member] !== undefined && value[member] !== false)
    if (set.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [set[1]!],
        message: `at most one of ${members.join(', ')} may be set (one-of ${group})`,
        params: { [REASON_PARAM]: 'constraint' },
      })
    }
  }
}

/** At least one member of a group must be set. */
export function atLeastOne<T extends Record<string, unknown>>(members: ReadonlyArray<keyof T & string>) {
  return (value: T, ctx: z.RefinementCtx) => {
    if (members.every((member) => value[member] === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [members[0]!],
        message: `one of ${members.join(', ')} is required`,
        params: { [REASON_PARAM]: 'required' },
      })
    }
  }
}

// --------------------------------------------------------------------------------------- field rules

const NAME = /^[\w().-]+( +[\w().-]+)*$/
/** Application, group and policy names (A.9): 1–64 characters, words of `[\w().-]` separated by spaces. */
export const resourceName = z
  .string()
  .min(1)
  .max(64)
  .regex(NAME, { message: 'may hold letters, digits, spaces and ( ) . _ - only, without leading or trailing spaces' })

/** Descriptions: at most 200 characters, empty allowed. */
export const description = z.string().max(200)

/** Tags: at most 10, each 1–128 characters (the domain checks their characters and duplicates). */
export const tags = z.array(z.string().min(1).max(128)).max(10)

/** A string of at most `max` UTF-8 bytes (passwords: bcrypt-era clients count bytes, not characters). */
export const maxBytes = (max: number, minLength = 0) =>
  z.string().min(minLength).refine((value) => Buffer.byteLength(value, 'utf8') <= max, { message: `must be at most ${max} bytes`, params: { [REASON_PARAM]: 'constraint' } })

/** `total_count` and counters: JSON numbers (the JS SDK computes page counts from them). */
export const count = z.number().int().nonnegative()

export const ACCESS_KEY = /^SCW[A-Z0-9]{17}$/
/** An access key in a filter: compared upper-cased. */
export const accessKeyFilter = z.string().max(64).transform((value) => value.toUpperCase())
/** The access key of `/api-keys/{access_key}`: the JS client accepts it in any case; malformed → 404. */
export const accessKeyPath = pathName('api_key', ACCESS_KEY, (value) => value.trim().toUpperCase())
