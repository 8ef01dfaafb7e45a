// CEL's timestamp accessors (getFullYear … getMilliseconds, with an optional time zone), replacing @bufbuild/cel's:
// theirs builds an Intl.DateTimeFormat on every call (≈180 µs) and passes through the process's local time zone,
// which shifts results around that zone's DST changes. Semantics follow the CEL language definition.
import { CelScalar, celMethod, objectType, type CelFunc } from '@bufbuild/cel'

export const TIMESTAMP = objectType('google.protobuf.Timestamp')

export interface WallClock {
  fullYear: number
  /** 0–11 */
  month: number
  /** 1–31 */
  date: number
  /** 0 = Sunday */
  dayOfWeek: number
  /** 0-based */
  dayOfYear: number
  hours: number
  minutes: number
  seconds: number
  milliseconds: number
}

const FIXED_OFFSET = /^([+-]?)(\d\d):(\d\d)$/
const formats = new Map<string, Intl.DateTimeFormat>()
const MAX_CACHED_ZONES = 1000

/** Wall-clock fields of an instant in a time zone: an IANA name, `UTC`, or a fixed `±HH:MM` offset. Throws on an unknown zone. */
export function wallClock(epochMs: number, timeZone?: string): WallClock {
  const milliseconds = ((epochMs % 1000) + 1000) % 1000
  if (timeZone === undefined) return fromUtc(epochMs, milliseconds)
  const offset = FIXED_OFFSET.exec(timeZone)
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3])
    return fromUtc(epochMs + (offset[1] === '-' ? -minutes : minutes) * 60_000, milliseconds)
  }
  const parts = zoneFormat(timeZone).formatToParts(epochMs)
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value)
  const local = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'))
  return fromUtc(local + milliseconds, milliseconds)
}

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    if (formats.size >= MAX_CACHED_ZONES) formats.clear()
    formats.set(timeZone, format)
  }
  return format
}

function fromUtc(ms: number, milliseconds: number): WallClock {
  const date = new Date(ms)
  const fullYear = date.getUTCFullYear()
  const month = date.getUTCMonth()
  const day = date.getUTCDate()
  return {
    fullYear,
    month,
    date: day,
    dayOfWeek: date.getUTCDay(),
    dayOfYear: (Date.UTC(fullYear, month, day) - Date.UTC(fullYear, 0, 1)) / 86_400_000,
    hours: date.getUTCHours(),
    minutes: date.getUTCMinutes(),
    seconds: date.getUTCSeconds(),
    milliseconds,
  }
}

/** True when `timeZone` is accepted by the time functions. */
export function isTimeZone(timeZone: string): boolean {
  try {
    wallClock(0, timeZone)
    return true
  } catch {
    return false
  }
}

const ACCESSORS: Record<string, (clock: WallClock) => number> = {
  getFullYear: (c) => c.fullYear,
  getMonth: (c) => c.month,
  getDate: (c) => c.date,
  getDayOfMonth: (c) => c.date - 1,
  getDayOfWeek: (c) => c.dayOfWeek,
  getDayOfYear: (c) => c.dayOfYear,
  getHours: (c) => c.hours,
  getMinutes: (c) => c.minutes,
  getSeconds: (c) => c.seconds,
  getMilliseconds: (c) => c.milliseconds,
}

export const TIME_METHOD_NAMES = new Set(Object.keys(ACCESSORS))

function epochMs(message: unknown): number {
  const { seconds, nanos } = message as { seconds: bigint; nanos: number }
  return Number(seconds) * 1000 + Math.floor(nanos / 1_000_000)
}

export const timestampMethods: CelFunc[] = Object.entries(ACCESSORS).flatMap(([name, read]) => [
  celMethod(name, TIMESTAMP, [], CelScalar.INT, function () {
    return BigInt(read(wallClock(epochMs(this.message))))
  }),
  celMethod(name, TIMESTAMP, [CelScalar.STRING], CelScalar.INT, function (timeZone) {
    return BigInt(read(wallClock(epochMs(this.message), timeZone)))
  }),
])
