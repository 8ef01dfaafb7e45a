// SAML (spec §1.18, §2.1 `Saml`, `SamlCertificate`).
import { z } from '@hono/zod-openapi'
import { bodyObject, emptyBody, idOut, pathId, timestampOut } from './common.js'

export const SAML_STATUSES = ['unknown_saml_status', 'valid', 'missing_certificate', 'missing_entity_id', 'missing_single_sign_on_url'] as const
export const CERTIFICATE_TYPES = ['unknown_certificate_type', 'signing', 'encryption'] as const
export const CERTIFICATE_ORIGINS = ['unknown_certificate_origin', 'scaleway', 'identity_provider'] as const

export const Saml = z
  .object({
    id: idOut,
    status: z.enum(SAML_STATUSES),
    service_provider: z
      .object({ entity_id: z.string(), assertion_consumer_service_url: z.string() })
      .openapi('scaleway.iam.v1alpha1.Saml.ServiceProvider'),
    entity_id: z.string(),
    single_sign_on_url: z.string(),
  })
  .openapi('scaleway.iam.v1alpha1.Saml')

export const SamlCertificate = z
  .object({
    id: idOut,
    type: z.enum(CERTIFICATE_TYPES),
    origin: z.enum(CERTIFICATE_ORIGINS),
    content: z.string(),
    expires_at: timestampOut.nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.SamlCertificate')

export const ListSamlCertificatesResponse = z
  .object({ certificates: z.array(SamlCertificate) })
  .openapi('scaleway.iam.v1alpha1.ListSamlCertificatesResponse')

export const SamlParams = z.object({ saml_id: pathId('saml') })
export const SamlCertificateParams = z.object({ certificate_id: pathId('saml_certificate') })

export const EnableOrganizationSamlBody = emptyBody

export const UpdateSamlBody = bodyObject({
  entity_id: z.string().min(1).max(1024).optional(),
  single_sign_on_url: z
    .string()
    .max(2048)
    .refine((value) => value.startsWith('https://'), { message: 'must start with https://', params: { reason: 'format' } })
    .optional(),
})

export const AddSamlCertificateBody = bodyObject({
  type: z.enum(CERTIFICATE_TYPES),
  content: z.string().min(1).max(16_384),
})
