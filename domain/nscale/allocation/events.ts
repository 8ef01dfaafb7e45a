// Events of an nscale allocation (aggregate `nscale-allocation`): the resources a consuming resource
// (`spec.kind`/`spec.id`, e.g. a Kubernetes cluster) holds in one project, counted against the organization's quota.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { resourceMetadataSchema } from '../resourceMetadata.js'
import { KIND_PATTERN } from '../quota/kinds.js'

export const ALLOCATION_ENTRIES_MAX = 32
export const RESOURCE_ID_MAX = 253

export const resourceAllocationSchema = z.object({
  kind: z.string().regex(KIND_PATTERN),
  committed: z.number().int().min(0),
  reserved: z.number().int().min(0),
})

export const allocationSpecSchema = z.object({
  kind: z.string().regex(KIND_PATTERN),
  id: z.string().min(1).max(RESOURCE_ID_MAX),
  allocations: z.array(resourceAllocationSchema).max(ALLOCATION_ENTRIES_MAX),
})
export type AllocationSpec = z.infer<typeof allocationSpecSchema>

export const NscaleAllocationCreated = defineEvent(
  'NscaleAllocationCreated',
  z.object({
    id: z.string(),
    organizationId: z.string(),
    projectId: z.string(),
    metadata: resourceMetadataSchema,
    spec: allocationSpecSchema,
    at: z.string(),
    by: z.string(),
  }),
)
/** A full replacement of metadata and spec. */
export const NscaleAllocationUpdated = defineEvent(
  'NscaleAllocationUpdated',
  z.object({ metadata: resourceMetadataSchema, spec: allocationSpecSchema, at: z.string(), by: z.string() }),
)
export const NscaleAllocationDeleted = defineEvent('NscaleAllocationDeleted', z.object({ at: z.string(), by: z.string() }))

export type AllocationEvent =
  | ReturnType<typeof NscaleAllocationCreated>
  | ReturnType<typeof NscaleAllocationUpdated>
  | ReturnType<typeof NscaleAllocationDeleted>
