// Events of an organization's upstream OIDC provider (aggregate `nscale-oauth2-provider`). The client secret is
// write-only: it is sealed by the keyring in a state item written in the same request (items.ts), never in events.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { resourceMetadataSchema } from '../resourceMetadata.js'

export const OAUTH2_PROVIDER_TYPES = ['google', 'microsoft', 'github'] as const
export const oauth2ProviderTypeSchema = z.enum(OAUTH2_PROVIDER_TYPES)
export type Oauth2ProviderType = z.infer<typeof oauth2ProviderTypeSchema>

export const oauth2ProviderSpecSchema = z.object({
  type: oauth2ProviderTypeSchema.optional(),
  issuer: z.string().min(1).max(2048),
  clientID: z.string().min(1).max(1024),
})
export type Oauth2ProviderSpec = z.infer<typeof oauth2ProviderSpecSchema>

const at = z.string()
const by = z.string()

export const NscaleOauth2ProviderCreated = defineEvent(
  'NscaleOauth2ProviderCreated',
  z.object({ id: idSchema, organizationId: idSchema, metadata: resourceMetadataSchema, spec: oauth2ProviderSpecSchema, hasClientSecret: z.boolean(), at, by }),
)
/** A full replacement of metadata and spec; `clientSecretSet` says a new secret replaced the stored one (omitted: kept). */
export const NscaleOauth2ProviderUpdated = defineEvent(
  'NscaleOauth2ProviderUpdated',
  z.object({ metadata: resourceMetadataSchema, spec: oauth2ProviderSpecSchema, clientSecretSet: z.boolean(), at, by }),
)
export const NscaleOauth2ProviderDeleted = defineEvent('NscaleOauth2ProviderDeleted', z.object({ at, by }))

export type Oauth2ProviderEvent =
  | ReturnType<typeof NscaleOauth2ProviderCreated>
  | ReturnType<typeof NscaleOauth2ProviderUpdated>
  | ReturnType<typeof NscaleOauth2ProviderDeleted>
