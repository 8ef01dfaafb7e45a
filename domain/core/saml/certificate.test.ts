import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ecP256, signing, weak } from '../../../test/fixtures/samlCertificates.js'
import { isDomainError } from '../errors.js'
import { parseSamlCertificate } from './certificate.js'

const now = new Date('2026-11-25T00:00:00Z')
const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')

describe('parseSamlCertificate', () => {
  it('reads a PEM certificate: normalized text, validity, fingerprint', () => {
    const info = parseSamlCertificate('content', `\n${signing.replaceAll('\n', '\r\n')}  `, now)
    if (isDomainError(info)) throw new Error(info.kind)
    expect(info.pem).toBe(signing)
    expect(info.notAfter.startsWith('2126-')).toBe(true)
    expect(info.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('accepts the bare base64 DER of a metadata document, wrapped or not', () => {
    const fromPem = parseSamlCertificate('content', signing, now)
    expect(parseSamlCertificate('content', bare(signing), now)).toEqual(fromPem)
    expect(parseSamlCertificate('content', bare(signing).match(/.{1,76}/g)!.join('\n'), now)).toEqual(fromPem)
  })

  it('accepts an EC P-256 certificate', () => {
    expect(isDomainError(parseSamlCertificate('content', ecP256, now))).toBe(false)
  })

  it.each([
    ['garbage', 'not a certificate', 'format'],
    ['truncated base64', bare(signing).slice(0, 200), 'format'],
    ['a PEM block with a broken body', signing.replace('MII', 'xxx'), 'format'],
  ])('refuses %s, naming the field', (_, content, reason) => {
    expect(parseSamlCertificate('content', content, now)).toMatchObject({ kind: 'invalid_argument', argument: 'content', reason })
  })

  it('refuses a private key without echoing it', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    const error = parseSamlCertificate('content', key, now)
    expect(error).toMatchObject({ kind: 'invalid_argument', argument: 'content', reason: 'format' })
    expect(JSON.stringify(error)).not.toContain(bare(key).slice(10, 40))
  })

  it('refuses an expired certificate and a weak key', () => {
    expect(parseSamlCertificate('content', signing, new Date('2127-01-01T00:00:00Z'))).toMatchObject({ kind: 'invalid_argument', message: expect.stringContaining('expired') })
    expect(parseSamlCertificate('content', weak, now)).toMatchObject({ kind: 'invalid_argument', message: expect.stringContaining('2048') })
  })
})
