// The SAML configuration of an organization, folded from its one stream (`<org>#scw-saml#<org>`): at most one
// configuration at a time; disabling and enabling again starts a new one with a new id.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { SamlEvent } from './events.js'

export const SAML = 'scw-saml'

export interface SamlCertificate {
  id: string
  samlId: string
  type: 'signing' | 'encryption'
  origin: 'identity_provider'
  content: string
  fingerprint: string
  notBefore: string
  expiresAt: string
  createdAt: string
}

export interface SamlConfig {
  id: string
  organizationId: string
  /** The identity provider's entity id and single sign-on URL; `""` until set. */
  entityId: string
  singleSignOnUrl: string
  /** In the order they were added. */
  certificates: SamlCertificate[]
  createdAt: string
  updatedAt: string
}

export interface SamlState {
  config?: SamlConfig
}

export function evolveSaml(state: SamlState, event: SamlEvent): SamlState {
  if (event.type === 'ScwSamlEnabled') {
    const { id, organizationId, at } = event.data
    return { config: { id, organizationId, entityId: '', singleSignOnUrl: '', certificates: [], createdAt: at, updatedAt: at } }
  }
  const config = state.config
  if (!config || config.id !== ('samlId' in event.data ? event.data.samlId : event.data.id)) return state
  switch (event.type) {
    case 'ScwSamlIdentityProviderUpdated':
      return { config: { ...config, entityId: event.data.entityId, singleSignOnUrl: event.data.singleSignOnUrl, updatedAt: event.data.at } }
    case 'ScwSamlCertificateAdded': {
      const { at, ...certificate } = event.data
      return { config: { ...config, certificates: [...config.certificates, { ...certificate, createdAt: at }], updatedAt: at } }
    }
    case 'ScwSamlCertificateDeleted':
      return { config: { ...config, certificates: config.certificates.filter((c) => c.id !== event.data.id), updatedAt: event.data.at } }
    case 'ScwSamlDisabled':
      return {}
  }
}

export const samlDecider: Decider<SamlState, SamlEvent> = {
  aggregateType: SAML,
  initialState: () => ({}),
  evolve: evolveSaml,
}

export function samlStream(organizationId: string): string {
  return streamId(organizationId, SAML, organizationId)
}

/** The configuration when `id` names the current one. */
export function samlConfig(state: SamlState, id: string): SamlConfig | undefined {
  return state.config?.id === id ? state.config : undefined
}

/** A certificate of the current configuration. */
export function samlCertificate(state: SamlState, id: string): SamlCertificate | undefined {
  return state.config?.certificates.find((certificate) => certificate.id === id)
}
