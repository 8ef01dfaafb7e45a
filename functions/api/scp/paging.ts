// The two pagination styles of SCP (spec §5.3, §6.2 #16–#19).
//
// Page style (every list but access keys): `page` (0-based, default 0), `size` (default 20, at most 1000), `sort`
// (`field:asc|desc`, comma-separated for several keys) → `{count, page, size, sort: [..], <items>}` where `count`
// is the total of matching items and a page past the end is empty.
//
// Marker style (access keys): `limit` (default 20, at most 1000), `marker` (the id of the last item seen,
// exclusive), `with_count` (`true`/`false`), `sort` → `{<items>, count (null unless with_count), links}`, links
// `first`, `self` and, when more items follow, `next`: absolute URLs on IAM_PUBLIC_URL.
//
// Order: the sort keys, then the id, so pages never overlap or skip. Strings compare case-insensitively; absent
// values sort last ascending.
import { z } from '@hono/zod-openapi'

export type SortValue = string | number | boolean | null | undefined
export type SortKeys<T> = Readonly<Record<string, (item: T) => SortValue>>

export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 1000

/** A query integer: digits only (a query value is text). */
function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
}

/** `field:asc|desc[,field:asc|desc…]` over the given fields. */
export function sortParam(fields: readonly string[]) {
  const pattern = new RegExp(`^(${fields.join('|')}):(asc|desc)(,(${fields.join('|')}):(asc|desc))*$`, 'i')
  return z.string().regex(pattern, `must be field:asc|desc with field one of ${fields.join(', ')}`)
}

/** The page-style query fields, to spread into an operation's query schema. */
export function pageQueryShape(sortFields: readonly string[]) {
  return {
    page: queryInt(0, 1_000_000).optional(),
    size: queryInt(1, MAX_PAGE_SIZE).optional(),
    sort: sortParam(sortFields).optional(),
  }
}

/** `true`/`false`, any case (spec §6.2 #14). */
export const queryBoolean = z
  .string()
  .regex(/^(true|false)$/i, 'must be true or false')
  .transform((value) => value.toLowerCase() === 'true')

/** The marker-style query fields (access keys). */
export function markerQueryShape(sortFields: readonly string[]) {
  return {
    limit: queryInt(1, MAX_PAGE_SIZE).optional(),
    marker: z.string().regex(/^[0-9a-fA-F-]{32,36}$/, 'must be the id of an item').optional(),
    with_count: queryBoolean.optional(),
    sort: sortParam(sortFields).optional(),
  }
}

export interface PageRequest {
  page?: number
  size?: number
  sort?: string
}

export interface PageOf<T> {
  count: number
  page: number
  size: number
  sort: string[]
  items: T[]
}

export function paginate<T>(
  items: readonly T[],
  request: PageRequest,
  options: { sortKeys: SortKeys<T>; defaultSort: string; idOf: (item: T) => string },
): PageOf<T> {
  const page = request.page ?? 0
  const size = request.size ?? DEFAULT_PAGE_SIZE
  const sort = splitSort(request.sort ?? options.defaultSort)
  const sorted = [...items].sort(comparator(sort, options.sortKeys, options.idOf))
  return { count: sorted.length, page, size, sort, items: sorted.slice(page * size, page * size + size) }
}

export interface MarkerRequest {
  limit?: number
  marker?: string
  with_count?: boolean
  sort?: string
}

export interface Link {
  href: string
  rel: 'first' | 'self' | 'next'
}

export interface MarkerPageOf<T> {
  items: T[]
  count: number | null
  links: Link[]
}

/** `marker` must name an item of the list (its id, canonical); undefined when it does not (a 400). */
export function markerPage<T>(
  items: readonly T[],
  request: MarkerRequest,
  options: { sortKeys: SortKeys<T>; defaultSort: string; idOf: (item: T) => string; url: { publicUrl: string; path: string; query: Record<string, string> } },
): MarkerPageOf<T> | undefined {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE
  const sort = splitSort(request.sort ?? options.defaultSort)
  const sorted = [...items].sort(comparator(sort, options.sortKeys, options.idOf))
  let start = 0
  if (request.marker !== undefined) {
    const marker = request.marker.replaceAll('-', '').toLowerCase()
    const at = sorted.findIndex((item) => options.idOf(item) === marker)
    if (at < 0) return undefined
    start = at + 1
  }
  const page = sorted.slice(start, start + limit)
  const href = (query: Record<string, string>) => {
    const search = new URLSearchParams(query).toString()
    return `${options.url.publicUrl}${options.url.path}${search ? `?${search}` : ''}`
  }
  const { marker: _current, ...withoutMarker } = options.url.query
  const links: Link[] = [
    { href: href(withoutMarker), rel: 'first' },
    { href: href(options.url.query), rel: 'self' },
  ]
  const last = page[page.length - 1]
  if (last !== undefined && start + limit < sorted.length) links.push({ href: href({ ...withoutMarker, marker: options.idOf(last) }), rel: 'next' })
  return { items: page, count: request.with_count ? sorted.length : null, links }
}

function splitSort(sort: string): string[] {
  return sort.split(',').map((part) => part.trim().toLowerCase())
}

function comparator<T>(sort: readonly string[], sortKeys: SortKeys<T>, idOf: (item: T) => string): (a: T, b: T) => number {
  const keys = sort.map((part) => {
    const [field, direction] = part.split(':') as [string, string]
    const key = sortKeys[field]
    // sort is validated against the operation's fields, so a missing key is a bug in the handler.
    if (!key) throw new Error(`no sort key for ${field}`)
    return { key, direction: direction === 'desc' ? -1 : 1 }
  })
  return (a, b) => {
    for (const { key, direction } of keys) {
      const order = compareValues(key(a), key(b)) * direction
      if (order !== 0) return order
    }
    return compareText(idOf(a), idOf(b))
  }
}

export function compareValues(a: SortValue, b: SortValue): number {
  const aAbsent = a === null || a === undefined
  const bAbsent = b === null || b === undefined
  if (aAbsent || bAbsent) return aAbsent === bAbsent ? 0 : aAbsent ? 1 : -1
  if (typeof a === 'string' && typeof b === 'string') return compareText(a.toLowerCase(), b.toLowerCase()) || compareText(a, b)
  return Number(a) - Number(b)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Case-insensitive substring (name and e-mail filters, spec §6.2 #15); true when no filter was given. */
export function contains(value: string | null | undefined, needle: string | undefined): boolean {
  return needle === undefined || (value ?? '').toLowerCase().includes(needle.toLowerCase())
}

/** A list query value: repeated keys or a comma-separated string (spec §6.2 #13). */
export const queryList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter((part) => part !== ''))
