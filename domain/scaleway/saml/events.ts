// Events of an organization's SAML configuration (aggregate `scw-saml`, one stream per organization, spec §1.18).
// Certificates are public material: their PEM text is kept in the events.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'

const at = z.string()

export const SamlEnabled = defineEvent('ScwSamlEnabled', z.object({ id: z.string(), organizationId: z.string(), at }))
/** The identity provider's values after the change (both, even when one changed). */
export const SamlIdentityProviderUpdated = defineEvent(
  'ScwSamlIdentityProviderUpdated',
  z.object({ id: z.string(), entityId: z.string(), singleSignOnUrl: z.string(), at }),
)
export const SamlCertificateAdded = defineEvent(
  'ScwSamlCertificateAdded',
  z.object({
    samlId: z.string(),
    id: z.string(),
    type: z.enum(['signing', 'encryption']),
    origin: z.enum(['identity_provider']),
    /** Normalized PEM. */
    content: z.string(),
    /** SHA-256 of the DER: one copy of a certificate per type. */
    fingerprint: z.string(),
    notBefore: z.string(),
    expiresAt: z.string(),
    at,
  }),
)
export const SamlCertificateDeleted = defineEvent('ScwSamlCertificateDeleted', z.object({ samlId: z.string(), id: z.string(), at }))
/** Disables SAML: the configuration and its certificates are gone. */
export const SamlDisabled = defineEvent('ScwSamlDisabled', z.object({ id: z.string(), at }))

export type SamlEvent =
  | ReturnType<typeof SamlEnabled>
  | ReturnType<typeof SamlIdentityProviderUpdated>
  | ReturnType<typeof SamlCertificateAdded>
  | ReturnType<typeof SamlCertificateDeleted>
  | ReturnType<typeof SamlDisabled>
