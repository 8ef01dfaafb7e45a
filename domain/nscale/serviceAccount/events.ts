// Events of an nscale service account (aggregate `nscale-service-account`, id = its principal's id). The token is a
// core credential of kind `nscale_service_account_token` (domain/core/credential); these events name it by id only.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { resourceMetadataSchema } from '../resourceMetadata.js'

const at = z.string()
const by = z.string()

export const NscaleServiceAccountCreated = defineEvent(
  'NscaleServiceAccountCreated',
  z.object({ id: idSchema, organizationId: idSchema, metadata: resourceMetadataSchema, credentialId: idSchema, expiresAt: z.string(), at, by }),
)
/** A full replacement of the metadata; the token and its expiry are kept. */
export const NscaleServiceAccountUpdated = defineEvent('NscaleServiceAccountUpdated', z.object({ metadata: resourceMetadataSchema, at, by }))
/** A new token (credential `credentialId`) replaced the old one, revoked in the same request. */
export const NscaleServiceAccountTokenRotated = defineEvent(
  'NscaleServiceAccountTokenRotated',
  z.object({ credentialId: idSchema, expiresAt: z.string(), at, by }),
)
export const NscaleServiceAccountDeleted = defineEvent('NscaleServiceAccountDeleted', z.object({ at, by }))

export type ServiceAccountEvent =
  | ReturnType<typeof NscaleServiceAccountCreated>
  | ReturnType<typeof NscaleServiceAccountUpdated>
  | ReturnType<typeof NscaleServiceAccountTokenRotated>
  | ReturnType<typeof NscaleServiceAccountDeleted>
