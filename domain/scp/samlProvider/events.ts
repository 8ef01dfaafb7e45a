// Events of an SCP SAML provider (aggregate `scp-saml-provider`). The IdP metadata is public material (no secret):
// it is kept whole, bounded by SAML_METADATA_MAX_BYTES, with what the wire shows of it.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { tagSchema } from '../group/events.js'

const at = z.iso.datetime()
const by = z.string()

export const FEDERATION_TYPES = ['SAML'] as const

export const metadataSchema = z.object({
  fileName: z.string(),
  fileSize: z.number().int(),
  data: z.string(),
  issuerUrl: z.string(),
  ssoUrl: z.string(),
  certificatesValidUntil: z.iso.datetime(),
})
export type SamlProviderMetadata = z.infer<typeof metadataSchema>

export const SamlProviderCreated = defineEvent(
  'ScpSamlProviderCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    federationType: z.enum(FEDERATION_TYPES),
    metadata: metadataSchema.nullable(),
    tags: z.array(tagSchema),
    at,
    by,
  }),
)
/** Carries only the fields that changed. */
export const SamlProviderUpdated = defineEvent(
  'ScpSamlProviderUpdated',
  z.object({
    name: z.string().optional(),
    description: z.string().nullable().optional(),
    metadata: metadataSchema.optional(),
    tags: z.array(tagSchema).optional(),
    at,
    by,
  }),
)
export const SamlProviderDeleted = defineEvent('ScpSamlProviderDeleted', z.object({ at, by }))

export type SamlProviderEvent =
  | ReturnType<typeof SamlProviderCreated>
  | ReturnType<typeof SamlProviderUpdated>
  | ReturnType<typeof SamlProviderDeleted>
