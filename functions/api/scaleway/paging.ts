// Lists: read models hand over every item of an organization; this filters, sorts by `order_by` and cuts the
// page (spec §3.3, §5.3). A page past the end is an empty page with the true total, as the SDKs' `all()`
// helpers need (A.8).
//
// Decisions (spec §5.3): absent values (null `expires_at`, never-logged-in users) sort as the largest, so they
// come last ascending and first descending; strings compare case-insensitively, then exactly; equal keys fall
// back to the tie-breaker (an id), so pages never overlap or skip.

export type SortValue = string | number | boolean | Date | null | undefined

export interface Page<T> {
  items: T[]
  total_count: number
}

export interface PageOptions<T> {
  filter?: (item: T) => boolean
  /** An `order_by` value, `<key>_asc` or `<key>_desc`; omitted keeps the given order (ListRules). */
  orderBy?: string
  /** The sort key of each `<key>` an `order_by` may name. */
  sortKeys?: Readonly<Record<string, (item: T) => SortValue>>
  /** Orders items whose keys are equal: usually the id. */
  tieBreaker?: (item: T) => string
  page: number
  pageSize: number
}

export function paginate<T>(items: readonly T[], options: PageOptions<T>): Page<T> {
  const matching = options.filter ? items.filter(options.filter) : [...items]
  if (options.orderBy !== undefined) matching.sort(comparator(options.orderBy, options.sortKeys ?? {}, options.tieBreaker))
  const start = (options.page - 1) * options.pageSize
  return { items: matching.slice(start, start + options.pageSize), total_count: matching.length }
}

export function comparator<T>(
  orderBy: string,
  sortKeys: Readonly<Record<string, (item: T) => SortValue>>,
  tieBreaker?: (item: T) => string,
): (a: T, b: T) => number {
  const match = /^(.+)_(asc|desc)$/.exec(orderBy)
  const key = match ? sortKeys[match[1]!] : undefined
  // order_by is validated against the route's enum, so a missing key is a bug in the handler's sortKeys.
  if (!match || !key) throw new Error(`no sort key for order_by ${orderBy}`)
  const direction = match[2] === 'desc' ? -1 : 1
  return (a, b) => {
    const order = compareValues(key(a), key(b)) * direction
    if (order !== 0 || !tieBreaker) return order
    return compareStrings(tieBreaker(a), tieBreaker(b))
  }
}

export function compareValues(a: SortValue, b: SortValue): number {
  const aAbsent = a === null || a === undefined
  const bAbsent = b === null || b === undefined
  if (aAbsent || bAbsent) return aAbsent === bAbsent ? 0 : aAbsent ? 1 : -1
  if (a instanceof Date || b instanceof Date) return timeOf(a) - timeOf(b)
  if (typeof a === 'string' && typeof b === 'string') {
    return compareStrings(a.toLowerCase(), b.toLowerCase()) || compareStrings(a, b)
  }
  return Number(a) - Number(b)
}

function timeOf(value: string | number | boolean | Date): number {
  return value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number(value)
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ------------------------------------------------------------------------------------------- filters
// Each helper answers true when its filter was not given, so a handler ANDs them all (spec §5.3 item 20).

/** Case-insensitive substring (names, descriptions). */
export function contains(value: string, needle: string | undefined): boolean {
  return needle === undefined || value.toLowerCase().includes(needle.toLowerCase())
}

/** `tag`: "tags containing a given string" — a case-insensitive substring of any tag. */
export function anyTagContains(itemTags: readonly string[], needle: string | undefined): boolean {
  return needle === undefined || itemTags.some((tag) => contains(tag, needle))
}

/** An id-list filter (`user_ids`, `access_keys` …): the value is one of them. */
export function oneOf<V>(value: V, list: readonly V[] | undefined): boolean {
  return list === undefined || list.includes(value)
}

/** A boolean filter (`editable`, `expired`, `mfa`, `disabled`, `no_principal`): equality. */
export function equals<V>(value: V, expected: V | undefined): boolean {
  return expected === undefined || value === expected
}

/** An enum filter whose `unknown_*` default means "no filter" (spec §5.3 item 21). */
export function enumIs<V extends string>(value: V, expected: V | undefined, unknown: string): boolean {
  return expected === undefined || expected === unknown || value === expected
}

/** A time range; both bounds inclusive (spec §5.8 item 51). */
export function within(value: Date | string | null | undefined, after: Date | undefined, before: Date | undefined): boolean {
  if (after === undefined && before === undefined) return true
  if (value === null || value === undefined) return false
  const time = value instanceof Date ? value.getTime() : Date.parse(value)
  return (after === undefined || time >= after.getTime()) && (before === undefined || time <= before.getTime())
}
