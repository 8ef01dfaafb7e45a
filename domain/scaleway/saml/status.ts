// What an organization's SAML configuration lacks (spec §4.14), and the service-provider values it gives its
// identity provider.
import { toUuid } from '../../core/ids.js'
import type { SamlConfig } from './evolve.js'

export type SamlStatus = 'valid' | 'missing_certificate' | 'missing_entity_id' | 'missing_single_sign_on_url'

/**
 * The first thing missing, in the schema's order: a signing certificate of the identity provider that has not
 * expired at `now` (an expired one turns a valid configuration back into `missing_certificate`), the entity id,
 * the single sign-on URL.
 */
export function samlStatus(config: SamlConfig, now: Date): SamlStatus {
  const signs = config.certificates.some((c) => c.type === 'signing' && Date.parse(c.expiresAt) > now.getTime())
  if (!signs) return 'missing_certificate'
  if (config.entityId === '') return 'missing_entity_id'
  if (config.singleSignOnUrl === '') return 'missing_single_sign_on_url'
  return 'valid'
}

export interface ServiceProvider {
  entityId: string
  assertionConsumerServiceUrl: string
}

/** The service provider (this IAM) as the identity provider knows it, under IAM_PUBLIC_URL. */
export function serviceProvider(publicUrl: string, samlId: string): ServiceProvider {
  const base = `${publicUrl.replace(/\/+$/, '')}/iam/v1alpha1/saml/${toUuid(samlId)}`
  return { entityId: `${base}/metadata`, assertionConsumerServiceUrl: `${base}/acs` }
}
