// Wire schemas shared by SCP operations.
import { z } from '@hono/zod-openapi'

/** An id in any rendering (32 hex or UUID); handlers normalize it. */
export const IdText = z.string().regex(/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a 32-hex id')

/** SCP times: RFC 3339 UTC to the second (spec §6.3 #52). */
export function scpTime(value: string | Date): string
export function scpTime(value: string | Date | null | undefined): string | null
export function scpTime(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const iso = typeof value === 'string' ? new Date(value).toISOString() : value.toISOString()
  return `${iso.slice(0, 19)}Z`
}

export const Link = z.object({ href: z.string(), rel: z.string() }).openapi('Link')

/** The page envelope fields (`count`, `page`, `size`, `sort`). */
export const PageFields = {
  count: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  sort: z.array(z.string()).nullable().optional(),
}
