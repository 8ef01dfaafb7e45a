// Events of the nscale view of an organization (aggregate `nscale-organization`, id = the organization's id): its
// metadata and spec (spec §4.3). The tenant itself is the core organization aggregate; every organization gets
// this stream when it is created, whatever created it (the CLI, the bootstrap, the API).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { resourceMetadataSchema } from '../resourceMetadata.js'

export const organizationSpecSchema = z.object({
  organizationType: z.enum(['adhoc', 'domain']),
  domain: z.string().max(253).optional(),
  providerScope: z.enum(['global', 'organization']).optional(),
  providerID: z.string().max(64).optional(),
  googleCustomerID: z.string().max(256).optional(),
})
export type OrganizationSpec = z.infer<typeof organizationSpecSchema>

const at = z.string()
const by = z.string()

export const NscaleOrganizationCreated = defineEvent(
  'NscaleOrganizationCreated',
  z.object({ id: idSchema, metadata: resourceMetadataSchema, spec: organizationSpecSchema, at, by }),
)
/** A full replacement of metadata and spec (PUT). */
export const NscaleOrganizationUpdated = defineEvent('NscaleOrganizationUpdated', z.object({ metadata: resourceMetadataSchema, spec: organizationSpecSchema, at, by }))
export const NscaleOrganizationDeleted = defineEvent('NscaleOrganizationDeleted', z.object({ at, by }))

export type NscaleOrganizationEvent =
  | ReturnType<typeof NscaleOrganizationCreated>
  | ReturnType<typeof NscaleOrganizationUpdated>
  | ReturnType<typeof NscaleOrganizationDeleted>
