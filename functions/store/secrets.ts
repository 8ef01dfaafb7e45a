// Secret material at rest (DESIGN §4): high-entropy secrets (API secret keys, tokens) are looked up by SHA-256;
// passwords are scrypt hashes with a random salt, verified in constant time. Nothing here is ever logged.
import { createHash, randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** A random UUID (the Scaleway secret key format). */
export function newSecretUuid(): string {
  return randomUUID()
}

/** A random token of `bytes` bytes, base64url. */
export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

const ACCESS_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** An access key: `prefix` + `length` characters of [A-Z0-9] (Scaleway: `SCW` + 17). */
export function newAccessKey(prefix = 'SCW', length = 17): string {
  let key = prefix
  for (let i = 0; i < length; i++) key += ACCESS_KEY_ALPHABET[randomInt(ACCESS_KEY_ALPHABET.length)]
  return key
}

export const SCALEWAY_ACCESS_KEY = /^SCW[A-Z0-9]{17}$/

// scrypt N=2^14, r=8, p=1 (the interactive-login parameters of the scrypt paper; the parameters are stored with each
// hash, so they can be raised later without invalidating old ones), 32-byte key, 16-byte salt.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LENGTH = 32

/** `scrypt$N$r$p$salt$hash` with base64url salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await derive(password, salt, SCRYPT)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem }
  if (!Number.isSafeInteger(options.N) || expected.length !== KEY_LENGTH) return false
  try {
    const actual = await derive(password, Buffer.from(salt, 'base64url'), options)
    return timingSafeEqual(actual, expected)
  } catch {
    return false // parameters outside what this process accepts (a damaged hash)
  }
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  )
}
