// Events of the cross-surface credential aggregate: Scaleway API keys, SCP access keys, nscale service-account
// tokens and sessions. They never carry the secret, its hash or its encrypted form: those live in the credential
// items of the state table (items.ts), written in the same request.
import { z } from 'zod'
import { defineEvent, type DomainEvent } from '../events.js'
import { idSchema, principalKindSchema } from '../principal/events.js'

export const CREDENTIAL_KINDS = ['scaleway_api_key', 'scp_access_key', 'nscale_service_account_token', 'session'] as const
export const credentialKindSchema = z.enum(CREDENTIAL_KINDS)
export type CredentialKind = z.infer<typeof credentialKindSchema>

/** Surface fields (default project, access-key type …). Names that suggest secret material are refused. */
const SECRET_LIKE = /secret|password|passcode|hash|seed|private/i
export const credentialAttributesSchema = z
  .record(z.string(), z.unknown())
  .refine((attributes) => !Object.keys(attributes).some((key) => SECRET_LIKE.test(key)), 'credential attributes never hold secret material')
export type CredentialAttributes = z.infer<typeof credentialAttributesSchema>

export const CREDENTIAL_DESCRIPTION_MAX = 1000

export const credentialIssued = defineEvent(
  'CredentialIssued',
  z.object({
    credentialId: idSchema,
    organizationId: idSchema,
    principalId: idSchema,
    principalKind: principalKindSchema,
    kind: credentialKindSchema,
    accessKey: z.string().min(1).max(128).optional(),
    description: z.string().max(CREDENTIAL_DESCRIPTION_MAX),
    expiresAt: z.iso.datetime().optional(),
    attributes: credentialAttributesSchema,
    createdAt: z.iso.datetime(),
  }),
)
export const credentialUpdated = defineEvent(
  'CredentialUpdated',
  z.object({
    credentialId: idSchema,
    description: z.string().max(CREDENTIAL_DESCRIPTION_MAX).optional(),
    /** null clears the expiry. */
    expiresAt: z.iso.datetime().nullable().optional(),
    /** Merged into the current attributes; a null value removes the attribute. */
    attributes: credentialAttributesSchema.optional(),
  }),
)
/** A new secret replaced the old one, which stops working in the same request. */
export const credentialRotated = defineEvent(
  'CredentialRotated',
  z.object({ credentialId: idSchema, expiresAt: z.iso.datetime().optional() }),
)
export const credentialRevoked = defineEvent('CredentialRevoked', z.object({ credentialId: idSchema }))
export const credentialExpired = defineEvent('CredentialExpired', z.object({ credentialId: idSchema }))
export const credentialDisabled = defineEvent('CredentialDisabled', z.object({ credentialId: idSchema }))
export const credentialEnabled = defineEvent('CredentialEnabled', z.object({ credentialId: idSchema }))

export type CredentialIssued = ReturnType<typeof credentialIssued>
export type CredentialEvent =
  | CredentialIssued
  | ReturnType<typeof credentialUpdated>
  | ReturnType<typeof credentialRotated>
  | ReturnType<typeof credentialRevoked>
  | ReturnType<typeof credentialExpired>
  | ReturnType<typeof credentialDisabled>
  | ReturnType<typeof credentialEnabled>

const TYPES: ReadonlySet<string> = new Set(
  [credentialIssued, credentialUpdated, credentialRotated, credentialRevoked, credentialExpired, credentialDisabled, credentialEnabled].map((e) => e.type),
)

export function isCredentialEvent(event: DomainEvent): event is CredentialEvent {
  return TYPES.has(event.type)
}
