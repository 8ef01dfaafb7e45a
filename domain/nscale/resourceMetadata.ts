// The writable metadata of an nscale resource as its events carry it (spec §2.4): a mutable name (a Kubernetes
// label value), an optional description and tags. The wire layer validates them; events check the shape again.
// Who and when (`createdBy`, `modifiedTime` …) come from each event's `at` and `by` (the caller's token subject).
import { z } from 'zod'

export const resourceMetadataSchema = z.object({
  name: z.string().min(1).max(63),
  description: z.string().max(2048).optional(),
  tags: z.array(z.object({ name: z.string(), value: z.string() })).max(64).optional(),
})
export type ResourceMetadata = z.infer<typeof resourceMetadataSchema>

/** Creation and last modification, as the read metadata renders them. */
export interface ResourceHistory {
  createdAt: string
  createdBy: string
  modifiedAt?: string
  modifiedBy?: string
}

/** PUT is a full replacement (spec §9 #31): omitted description or tags are cleared. */
export function sameMetadata(a: ResourceMetadata, b: ResourceMetadata): boolean {
  return a.name === b.name && (a.description ?? '') === (b.description ?? '') && JSON.stringify(a.tags ?? []) === JSON.stringify(b.tags ?? [])
}

/** The metadata as stored: empty optional parts dropped, so equal metadata compares equal. */
export function normalizedMetadata(metadata: ResourceMetadata): ResourceMetadata {
  return {
    name: metadata.name,
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(metadata.tags && metadata.tags.length > 0 ? { tags: metadata.tags.map(({ name, value }) => ({ name, value })) } : {}),
  }
}
