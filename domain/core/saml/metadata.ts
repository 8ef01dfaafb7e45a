// SAML 2.0 identity-provider metadata (an `md:EntityDescriptor` with an `md:IDPSSODescriptor`), as customers
// upload it. Shared by every surface that federates through SAML. Parsed with @xmldom/xmldom, strictly: any parser
// warning or error refuses the document, and a DOCTYPE or entity declaration is refused before parsing (no entity
// expansion, no external fetch). The signing certificates go through parseSamlCertificate.
import { DOMParser } from '@xmldom/xmldom'
import { invalidArgument, isDomainError, type DomainError } from '../errors.js'
import { parseSamlCertificate, type SamlCertificateInfo } from './certificate.js'

export const SAML_METADATA_MAX_BYTES = 100 * 1024
const MAX_CERTIFICATES = 10
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata'
const DS = 'http://www.w3.org/2000/09/xmldsig#'
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'

export interface SamlIdpMetadata {
  entityId: string
  /** The HTTP-Redirect SingleSignOnService location if there is one, else the first http(s) one. */
  ssoUrl: string
  /** The signing certificates, in document order. */
  certificates: SamlCertificateInfo[]
  /** The latest expiry of the signing certificates: assertions can be verified until then. */
  certificatesValidUntil: string
}

type XmlDocument = ReturnType<DOMParser['parseFromString']>
type XmlElement = ReturnType<XmlDocument['createElementNS']>

/** `field` names the argument in errors (`file` for an uploaded metadata file). */
export function parseSamlMetadata(field: string, xml: string, now: Date): SamlIdpMetadata | DomainError {
  if (Buffer.byteLength(xml, 'utf8') > SAML_METADATA_MAX_BYTES) return invalidArgument(field, `${field} must be at most ${SAML_METADATA_MAX_BYTES} bytes`)
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) return invalidArgument(field, `${field} must not declare a DOCTYPE or entities`, 'format')
  const root = parseXml(xml)
  if (!root) return invalidArgument(field, `${field} is not well-formed XML`, 'format')
  const entities = root.localName === 'EntityDescriptor' && root.namespaceURI === MD ? [root] : children(root, 'EntityDescriptor')
  if (entities.length !== 1) return invalidArgument(field, `${field} must hold exactly one md:EntityDescriptor`, 'format')
  const entity = entities[0]!
  const entityId = entity.getAttribute('entityID')?.trim() ?? ''
  if (entityId === '' || entityId.length > 1024) return invalidArgument(field, `${field}: md:EntityDescriptor needs an entityID of at most 1024 characters`, 'format')
  const idp = children(entity, 'IDPSSODescriptor')[0]
  if (!idp) return invalidArgument(field, `${field} must hold an md:IDPSSODescriptor`, 'format')

  const services = children(idp, 'SingleSignOnService').filter((service) => isHttpUrl(service.getAttribute('Location') ?? ''))
  const service = services.find((candidate) => candidate.getAttribute('Binding') === REDIRECT_BINDING) ?? services[0]
  if (!service) return invalidArgument(field, `${field} needs an md:SingleSignOnService with an http(s) Location`, 'format')

  const signing = children(idp, 'KeyDescriptor').filter((key) => ['', 'signing'].includes(key.getAttribute('use') ?? ''))
  const texts = signing.flatMap((key) => descendants(key, DS, 'X509Certificate').map((node) => node.textContent ?? ''))
  if (texts.length === 0) return invalidArgument(field, `${field} needs a signing md:KeyDescriptor with a ds:X509Certificate`, 'format')
  if (texts.length > MAX_CERTIFICATES) return invalidArgument(field, `${field} may hold at most ${MAX_CERTIFICATES} signing certificates`)
  const certificates: SamlCertificateInfo[] = []
  for (const text of texts) {
    const certificate = parseSamlCertificate(field, text, now)
    if (isDomainError(certificate)) return certificate
    certificates.push(certificate)
  }
  const certificatesValidUntil = certificates.map((certificate) => certificate.notAfter).sort().at(-1)!
  return { entityId, ssoUrl: service.getAttribute('Location')!, certificates, certificatesValidUntil }
}

function parseXml(xml: string): XmlElement | undefined {
  let failed = false
  const fail = () => {
    failed = true
  }
  try {
    const document = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(xml, 'application/xml')
    return failed || document.doctype ? undefined : (document.documentElement ?? undefined)
  } catch {
    return undefined
  }
}

function children(parent: XmlElement, localName: string): XmlElement[] {
  return Array.from(parent.childNodes).filter((node): node is XmlElement => node.nodeType === 1 && (node as XmlElement).localName === localName && (node as XmlElement).namespaceURI === MD)
}

function descendants(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
  return Array.from(parent.getElementsByTagNameNS(namespace, localName))
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && value.length <= 2048
  } catch {
    return false
  }
}
