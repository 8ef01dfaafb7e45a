// Wire building blocks shared by every nscale schema (spec §4.1, core common.spec.yaml v1.4.0): ids, names, tags,
// resource metadata for writes and reads, and the provisioning / health enums. Request schemas decode the wire
// into domain values (canonical 32-hex ids); handlers render responses with `render.ts`.
import { z } from '@hono/zod-openapi'
import { normalizeId } from '../../../../domain/core/ids.js'
import { ERROR_CODES } from '../errors.js'

/** Custom-issue parameter that turns a failed path parameter into a 404 (spec §9.8: unknown ids are 404). */
export const NOT_FOUND_PARAM = 'notFound'

/** A path id: any rendering (UUID, 32 hex, ULID) decoded to canonical 32 hex; a malformed one is a 404, never a 400. */
export const pathId = (description: string) =>
  z
    .string()
    .transform((value, ctx) => {
      const canonical = normalizeId(value)
      if (canonical !== undefined) return canonical
      ctx.issues.push({ code: 'custom', input: value, message: 'resource not found', params: { [NOT_FOUND_PARAM]: true } })
      return z.NEVER
    })
    .openapi({ description, format: 'uuid' })

/** An id in a body (groupIDs, userIDs …): any rendering, decoded to canonical 32 hex; malformed is a 400. */
export const bodyId = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const canonical = normalizeId(value)
    if (canonical !== undefined) return canonical
    ctx.issues.push({ code: 'custom', input: value, message: 'must be a UUID' })
    return z.NEVER
  })
  .openapi({ format: 'uuid' })

/** A list of ids (at most 100: one transaction bounds what a write may touch). */
export const idList = z.array(bodyId).max(100)

/** `kubernetesLabelValue` (spec §2.4). */
export const KUBERNETES_LABEL_VALUE = /^[0-9A-Za-z](?:[0-9A-Za-z-_.]{0,61}[0-9A-Za-z])?$/
export const labelValue = z.string().regex(KUBERNETES_LABEL_VALUE, 'must be a Kubernetes label value (1 to 63 of [0-9A-Za-z-_.], alphanumeric at both ends)')
  .openapi('kubernetesLabelValue', { example: 'my-resource' })

export const DESCRIPTION_MAX = 2048
export const TAGS_MAX = 64

export const tag = z.object({ name: z.string().min(1).max(256), value: z.string().max(256) }).openapi('tag')
export const tagList = z.array(tag).max(TAGS_MAX).openapi('tagList')

export const resourceWriteMetadata = z
  .object({ name: labelValue, description: z.string().max(DESCRIPTION_MAX).optional(), tags: tagList.optional() })
  .openapi('resourceWriteMetadata')

export const PROVISIONING_STATUSES = ['unknown', 'provisioning', 'provisioned', 'deprovisioning', 'error'] as const
export const HEALTH_STATUSES = ['unknown', 'healthy', 'degraded', 'error'] as const
export const resourceProvisioningStatus = z.enum(PROVISIONING_STATUSES).openapi('resourceProvisioningStatus')
export const resourceHealthStatus = z.enum(HEALTH_STATUSES).openapi('resourceHealthStatus')

const readFields = {
  id: z.string().openapi({ format: 'uuid' }),
  name: z.string(),
  description: z.string().optional(),
  tags: tagList.optional(),
  creationTime: z.string().openapi({ format: 'date-time' }),
  createdBy: z.string().optional(),
  modifiedTime: z.string().openapi({ format: 'date-time' }).optional(),
  modifiedBy: z.string().optional(),
  deletionTime: z.string().openapi({ format: 'date-time' }).optional(),
  provisioningStatus: resourceProvisioningStatus,
  healthStatus: resourceHealthStatus,
}

export const resourceReadMetadata = z.object(readFields).openapi('resourceReadMetadata')
export const organizationScopedResourceReadMetadata = z
  .object({ ...readFields, organizationId: z.string() })
  .openapi('organizationScopedResourceReadMetadata')
export const projectScopedResourceReadMetadata = z
  .object({ ...readFields, organizationId: z.string(), projectId: z.string() })
  .openapi('projectScopedResourceReadMetadata')

export type ResourceWriteMetadata = z.output<typeof resourceWriteMetadata>
export type ResourceReadMetadata = z.input<typeof resourceReadMetadata>
export type OrganizationScopedMetadata = z.input<typeof organizationScopedResourceReadMetadata>
export type ProjectScopedMetadata = z.input<typeof projectScopedResourceReadMetadata>

export const errorBody = z
  .object({
    error: z.enum(ERROR_CODES),
    error_description: z.string(),
  })
  .openapi('error')

export const stringList = z.array(z.string())
