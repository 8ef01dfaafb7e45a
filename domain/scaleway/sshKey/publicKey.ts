// OpenSSH public keys (`<type> <base64 wire blob> [comment]`), read field by field from the wire format
// (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709). Scaleway shows a key without its comment and fingerprints it as
// `<bits> MD5:<hex pairs> (<type>)`. ssh-dss is refused (a documented deviation: OpenSSH dropped DSA).
import { createHash } from 'node:crypto'
import { invalidArgument, type DomainError } from '../../core/errors.js'

export const PUBLIC_KEY_MAX = 65000
export const RSA_MIN_BITS = 2048

export interface PublicKey {
  type: string
  /** `<type> <base64>`: the key as Scaleway renders it (comment dropped). */
  normalized: string
  bits: number
  /** `256 MD5:6b:cd:… (ssh-ed25519)` */
  fingerprint: string
  /** SHA-256 of the wire blob, hex: identifies the key for duplicate detection. */
  sha256: string
}

const ECDSA_CURVES: Record<string, { curve: string; bits: number; pointLength: number }> = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', bits: 256, pointLength: 65 },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', bits: 384, pointLength: 97 },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', bits: 521, pointLength: 133 },
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const ARGUMENT = 'public_key'

export function parsePublicKey(text: string): PublicKey | DomainError {
  if (text.length > PUBLIC_KEY_MAX) return malformed(`must be at most ${PUBLIC_KEY_MAX} characters`)
  const fields = text.trim().split(/\s+/)
  const [type = '', encoded = ''] = fields
  if (type === '') return invalidArgument(ARGUMENT, 'public_key is required', 'required')
  if (type === 'ssh-dss') return invalidArgument(ARGUMENT, 'ssh-dss (DSA) keys are not supported; use ssh-ed25519, ecdsa or ssh-rsa')
  if (type !== 'ssh-ed25519' && type !== 'ssh-rsa' && !(type in ECDSA_CURVES)) {
    return invalidArgument(ARGUMENT, `key type "${type.slice(0, 64)}" is not supported`)
  }
  if (encoded === '' || !BASE64.test(encoded)) return malformed('the key data is not valid base64')
  const reader = new WireReader(Buffer.from(encoded, 'base64'))
  const bits = readKey(type, reader)
  if (typeof bits !== 'number') return bits
  const blob = Buffer.from(encoded, 'base64')
  return {
    type,
    normalized: `${type} ${encoded}`,
    bits,
    fingerprint: `${bits} MD5:${md5Pairs(blob)} (${type})`,
    sha256: createHash('sha256').update(blob).digest('hex'),
  }
}

/** Reads the fields after the type name; answers the key size in bits. */
function readKey(type: string, reader: WireReader): number | DomainError {
  const embeddedType = reader.string()
  if (embeddedType === undefined || embeddedType.toString('latin1') !== type) return malformed('the key data does not match its type')
  let bits: number | DomainError
  if (type === 'ssh-ed25519') bits = readEd25519(reader)
  else if (type === 'ssh-rsa') bits = readRsa(reader)
  else bits = readEcdsa(type, reader)
  if (typeof bits === 'number' && !reader.atEnd()) return malformed('the key data has trailing bytes')
  return bits
}

function readEd25519(reader: WireReader): number | DomainError {
  const point = reader.string()
  return point?.length === 32 ? 256 : malformed('an ssh-ed25519 key holds a 32-byte point')
}

function readRsa(reader: WireReader): number | DomainError {
  const exponent = reader.string()
  const modulus = reader.string()
  if (exponent === undefined || modulus === undefined) return malformed('an ssh-rsa key holds an exponent and a modulus')
  if (isNegativeOrZero(exponent) || isNegativeOrZero(modulus)) return malformed('the RSA exponent and modulus must be positive')
  const bits = bitLength(modulus)
  if (bits < RSA_MIN_BITS) return invalidArgument(ARGUMENT, `ssh-rsa keys must be at least ${RSA_MIN_BITS} bits (this one has ${bits})`)
  return bits
}

function readEcdsa(type: string, reader: WireReader): number | DomainError {
  const expected = ECDSA_CURVES[type]!
  const curve = reader.string()
  const point = reader.string()
  if (curve === undefined || curve.toString('latin1') !== expected.curve) return malformed(`an ${type} key names the curve ${expected.curve}`)
  if (point === undefined || point.length !== expected.pointLength || point[0] !== 0x04) {
    return malformed(`an ${type} key holds an uncompressed ${expected.pointLength}-byte point`)
  }
  return expected.bits
}

/** Reads RFC 4251 `string` fields (uint32 length, then bytes). */
class WireReader {
  private offset = 0
  constructor(private readonly bytes: Buffer) {}

  string(): Buffer | undefined {
    if (this.offset + 4 > this.bytes.length) return undefined
    const length = this.bytes.readUInt32BE(this.offset)
    const start = this.offset + 4
    if (start + length > this.bytes.length) return undefined
    this.offset = start + length
    return this.bytes.subarray(start, start + length)
  }

  atEnd(): boolean {
    return this.offset === this.bytes.length
  }
}

/** An mpint is two's complement: empty is zero, a set top bit is negative. */
function isNegativeOrZero(mpint: Buffer): boolean {
  return mpint.length === 0 || (mpint[0]! & 0x80) !== 0 || mpint.every((byte) => byte === 0)
}

function bitLength(mpint: Buffer): number {
  let index = 0
  while (index < mpint.length && mpint[index] === 0) index++
  if (index === mpint.length) return 0
  return (mpint.length - index - 1) * 8 + (32 - Math.clz32(mpint[index]!))
}

function md5Pairs(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':')
}

function malformed(reason: string): DomainError {
  return invalidArgument(ARGUMENT, `malformed public key: ${reason}`, 'format')
}
