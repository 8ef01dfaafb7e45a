// Organizations (spec §4.3).
import { z } from '@hono/zod-openapi'
import { resourceReadMetadata, resourceWriteMetadata } from './common.js'

export const organizationType = z.enum(['adhoc', 'domain']).openapi('organizationType')
export const providerScope = z.enum(['global', 'organization']).openapi('providerScope')

/** RFC 1123 host name (`format: hostname`). */
const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

export const organizationSpec = z
  .object({
    organizationType,
    domain: z.string().regex(HOSTNAME, 'must be a host name').openapi({ format: 'hostname' }).optional(),
    providerScope: providerScope.optional(),
    providerID: z.string().max(64).optional(),
    googleCustomerID: z.string().max(256).optional(),
  })
  .openapi('organizationSpec')

export const organizationWrite = z.object({ metadata: resourceWriteMetadata, spec: organizationSpec }).openapi('organizationWrite')
export const organizationRead = z.object({ metadata: resourceReadMetadata, spec: organizationSpec }).openapi('organizationRead')
export const organizations = z.array(organizationRead).openapi('organizations')

export type OrganizationWrite = z.output<typeof organizationWrite>
export type OrganizationRead = z.input<typeof organizationRead>
