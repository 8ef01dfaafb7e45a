// The quota kinds of the nscale surface (spec §7), from the documented configuration file quotaKinds.json:
// each kind has a display name, a description and the default quantity an organization gets until it sets one.
import { z } from 'zod'
import configured from './quotaKinds.json' with { type: 'json' }

/** A quota or resource kind: a Kubernetes label value (spec §2.4), e.g. `gpus`. */
export const KIND_PATTERN = /^[0-9A-Za-z](?:[0-9A-Za-z-_.]{0,61}[0-9A-Za-z])?$/

export interface QuotaKind {
  kind: string
  displayName: string
  description: string
  default: number
}

const quotaKindsSchema = z.object({
  kinds: z
    .array(
      z.object({
        kind: z.string().regex(KIND_PATTERN),
        displayName: z.string().min(1),
        description: z.string(),
        default: z.number().int().min(0),
      }),
    )
    .refine((kinds) => new Set(kinds.map((k) => k.kind)).size === kinds.length, 'quota kinds must be distinct'),
})

/** Parses a quota-kind configuration; throws on an invalid file (a deployment error, caught by the tests). */
export function parseQuotaKinds(value: unknown): readonly QuotaKind[] {
  const { kinds } = quotaKindsSchema.parse(value)
  return [...kinds].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
}

/** The configured kinds, sorted by kind (the order GET quotas answers in). */
export const QUOTA_KINDS: readonly QuotaKind[] = parseQuotaKinds(configured)
