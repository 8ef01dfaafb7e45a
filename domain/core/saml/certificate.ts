// X.509 certificates of a SAML identity provider, as customers paste them (PEM, or the bare base64 DER of a
// metadata document's <ds:X509Certificate>). Shared by every surface that federates through SAML.
// Node's X509Certificate (OpenSSL) parses and normalizes it: the PEM it renders is the form SAML libraries verify
// signatures with. (A SAML library's normalizer would bring 500 KB of XML signature libraries into every Lambda
// that validates a certificate, past the bundle target, for a line-wrapping function.)
import { createHash, X509Certificate } from 'node:crypto'
import { invalidArgument, type DomainError } from '../errors.js'

export interface SamlCertificateInfo {
  /** Normalized PEM (`-----BEGIN CERTIFICATE-----`, 64-character lines, `\n`). */
  pem: string
  notBefore: string
  notAfter: string
  /** SHA-256 of the DER, lowercase hex: what tells two certificates apart. */
  fingerprint: string
}

const PEM_LABEL = /^-----BEGIN ([A-Z ]+)-----/
const EC_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1'])
const MIN_RSA_BITS = 2048

/**
 * Parses a certificate; `field` names the argument in the error. Refused: anything but one X.509 certificate
 * (a private key is refused without echoing it), a certificate already expired at `now`, RSA under 2048 bits,
 * EC keys off the NIST curves, other key types.
 */
export function parseSamlCertificate(field: string, content: string, now: Date): SamlCertificateInfo | DomainError {
  const text = content.trim()
  const label = PEM_LABEL.exec(text)?.[1]
  if (label !== undefined && label !== 'CERTIFICATE') {
    return invalidArgument(field, `must be an X.509 certificate, not a ${label.toLowerCase()}`, 'format')
  }
  let pem: string
  let certificate: X509Certificate
  try {
    const base64 = text.replace(/\s+/g, '')
    if (label === undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new Error('not base64')
    certificate = new X509Certificate(label === undefined ? Buffer.from(base64, 'base64') : text)
    pem = certificate.toString()
  } catch {
    return invalidArgument(field, 'must be an X.509 certificate in PEM or base64 DER', 'format')
  }
  const notBefore = new Date(certificate.validFrom)
  const notAfter = new Date(certificate.validTo)
  if (Number.isNaN(notAfter.getTime()) || Number.isNaN(notBefore.getTime())) {
    return invalidArgument(field, 'the certificate has no readable validity period', 'format')
  }
  if (notAfter.getTime() <= now.getTime()) return invalidArgument(field, `the certificate expired at ${notAfter.toISOString()}`)
  const keyError = checkKey(certificate)
  if (keyError) return invalidArgument(field, keyError)
  return {
    pem,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    fingerprint: createHash('sha256').update(certificate.raw).digest('hex'),
  }
}

function checkKey(certificate: X509Certificate): string | undefined {
  const key = certificate.publicKey
  const details = key.asymmetricKeyDetails ?? {}
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return (details.modulusLength ?? 0) < MIN_RSA_BITS ? `RSA keys must have at least ${MIN_RSA_BITS} bits` : undefined
    case 'ec':
      return EC_CURVES.has(details.namedCurve ?? '') ? undefined : 'EC keys must be on P-256, P-384 or P-521'
    default:
      return `${key.asymmetricKeyType ?? 'this'} keys are not supported for SAML signatures (RSA or EC)`
  }
}
