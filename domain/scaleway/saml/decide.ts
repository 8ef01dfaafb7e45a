// Decisions on an organization's SAML configuration: enable (one at a time), set the identity provider's entity
// id and single sign-on URL, add and delete its certificates, disable.
import { parseSamlCertificate } from '../../core/saml/certificate.js'
import { alreadyExists, invalidArgument, isDomainError, notFound, preconditionFailed, type DomainError } from '../../core/errors.js'
import { writes, type PlannedWrites } from '../plan.js'
import { SamlCertificateAdded, SamlCertificateDeleted, SamlDisabled, SamlEnabled, SamlIdentityProviderUpdated, type SamlEvent } from './events.js'
import { samlCertificate, samlConfig, samlStream, type SamlState } from './evolve.js'

export const ENTITY_ID_MAX = 1024
export const SINGLE_SIGN_ON_URL_MAX = 2048
export const MAX_SAML_CERTIFICATES = 10

export type SamlCommand =
  | { type: 'EnableSaml'; organizationId: string; id: string; at: string }
  | { type: 'UpdateSaml'; organizationId: string; id: string; entityId?: string; singleSignOnUrl?: string; at: string }
  | { type: 'DisableSaml'; organizationId: string; id: string; at: string }
  | { type: 'AddSamlCertificate'; organizationId: string; samlId: string; id: string; certificateType: string; content: string; at: string }
  | { type: 'DeleteSamlCertificate'; organizationId: string; id: string; at: string }

export function decideSaml(state: SamlState, command: SamlCommand): SamlEvent[] | DomainError {
  switch (command.type) {
    case 'EnableSaml':
      if (state.config) return alreadyExists('saml', state.config.id, 'SAML is already enabled for this organization')
      return [SamlEnabled({ id: command.id, organizationId: command.organizationId, at: command.at })]
    case 'UpdateSaml': {
      const config = samlConfig(state, command.id)
      if (!config) return notFound('saml', command.id)
      const entityId = command.entityId ?? config.entityId
      const singleSignOnUrl = command.singleSignOnUrl ?? config.singleSignOnUrl
      const invalid = (command.entityId !== undefined && checkEntityId(entityId)) || (command.singleSignOnUrl !== undefined && checkSingleSignOnUrl(singleSignOnUrl))
      if (invalid) return invalid
      if (entityId === config.entityId && singleSignOnUrl === config.singleSignOnUrl) return []
      return [SamlIdentityProviderUpdated({ id: config.id, entityId, singleSignOnUrl, at: command.at })]
    }
    case 'DisableSaml': {
      const config = samlConfig(state, command.id)
      return config ? [SamlDisabled({ id: config.id, at: command.at })] : notFound('saml', command.id)
    }
    case 'AddSamlCertificate':
      return addCertificate(state, command)
    case 'DeleteSamlCertificate': {
      const certificate = samlCertificate(state, command.id)
      if (!certificate) return notFound('saml_certificate', command.id)
      return [SamlCertificateDeleted({ samlId: certificate.samlId, id: certificate.id, at: command.at })]
    }
  }
}

function addCertificate(state: SamlState, command: Extract<SamlCommand, { type: 'AddSamlCertificate' }>): SamlEvent[] | DomainError {
  const config = samlConfig(state, command.samlId)
  if (!config) return notFound('saml', command.samlId)
  const type = command.certificateType
  if (type !== 'signing' && type !== 'encryption') return invalidArgument('type', 'must be signing or encryption', 'required')
  const parsed = parseSamlCertificate('content', command.content, new Date(command.at))
  if (isDomainError(parsed)) return parsed
  const twin = config.certificates.find((c) => c.type === type && c.fingerprint === parsed.fingerprint)
  if (twin) return alreadyExists('saml_certificate', twin.id, `this ${type} certificate is already added`)
  if (config.certificates.length >= MAX_SAML_CERTIFICATES) {
    return preconditionFailed('saml_certificates_limit', `a SAML configuration holds at most ${MAX_SAML_CERTIFICATES} certificates; delete one first`)
  }
  return [
    SamlCertificateAdded({
      samlId: config.id, id: command.id, type, origin: 'identity_provider', content: parsed.pem, fingerprint: parsed.fingerprint,
      notBefore: parsed.notBefore, expiresAt: parsed.notAfter, at: command.at,
    }),
  ]
}

/** SAML entity ids are absolute URIs of at most 1024 characters (SAML 2.0 core §8.3.6). */
function checkEntityId(value: string): DomainError | undefined {
  if (value.length === 0 || value.length > ENTITY_ID_MAX) return invalidArgument('entity_id', `must be 1 to ${ENTITY_ID_MAX} characters`)
  if (/\s/.test(value) || !URL.canParse(value)) return invalidArgument('entity_id', 'must be an absolute URI (https://… or urn:…)', 'format')
  return undefined
}

/** Where users are sent to sign in: an https URL without credentials. */
function checkSingleSignOnUrl(value: string): DomainError | undefined {
  if (value.length > SINGLE_SIGN_ON_URL_MAX) return invalidArgument('single_sign_on_url', `must be at most ${SINGLE_SIGN_ON_URL_MAX} characters`)
  const url = URL.canParse(value) && !/\s/.test(value) ? new URL(value) : undefined
  if (!url || url.protocol !== 'https:' || url.hostname === '') return invalidArgument('single_sign_on_url', 'must be an https URL', 'format')
  if (url.username || url.password) return invalidArgument('single_sign_on_url', 'must not carry credentials', 'format')
  return undefined
}

/** The events of a command as the writes of one request on the organization's SAML stream. */
export function planSaml(state: SamlState, command: SamlCommand): PlannedWrites | DomainError {
  const events = decideSaml(state, command)
  return isDomainError(events) ? events : writes(samlStream(command.organizationId), events)
}
