import { describe, expect, it } from 'vitest'
import { parsePublicKey, type PublicKey } from './publicKey.js'

// Fingerprints cross-checked with `ssh-keygen -l -E md5`; the ed25519 key and its fingerprint are the ones
// Scaleway answered in terraform-provider-scaleway's recorded ssh-key test.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO opensource@scaleway.com'
const RSA_2048 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCzMyZalck+yAKZVEDMupQ+lCoAY+PAaxkVpLWeSqzGIkm7WS028kgVWw+VqJWTRn+yPBKAsQlKzGGTvcmjLQ+xwgANWt8kJ63qyvcsJAFIyiNAQ2vBIf6ple/V6uxAOVYOhZ3vEu3Y0wF7wYrzmMS5IJqSk0/I14k5PQCT5u8kYNkaNnlTEZr791ekO4VPnaQucT1QDy9UDtS0j9PAimJFSkGz+bG3oNOoeNdli5m5PTa/0KCbtlLE0Yi05fAUaxjo3zHmiOW7zHh4Txpe/Bj7osG1Mj1oJnlASXorLNjXOTEKRfuPxTM5A/oGm4RqCevaaTgrk8RxUAV+3PaxcJET me@host'
const RSA_1024 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC1EZp7HoFF2aH+pbxAoMC0QDMmS4kEp5+DyS+w9dvrk6wilpKMURWjd0gNDK+nuk/6zHpxA8AYqi81izlfmk4qbAsrTfNQrKriVrAaAPjPXFoF3VEaQy/M/e8h/EYHf1sMgcsu9JMJEeK2prVDVAqh8CFd/xV4FLRjOeIYPj82Iw== me@host'
const ECDSA_256 =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKLeJgg3QEWDcGD7Zk7qP3Iva6UhqxNiDggYduF9+BgXGtsMjo6fMEkM3IG8kd0KJvO2aHAXwES1mr7ufkuRyqk= me@host'
const ECDSA_384 =
  'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBCJTb46FZEL2ehpUTafLsV2TWppdhuhhICUeQP+UevuZfKmcmCuxdQ4cisOlNvPJ9nCpJbATENt+ZChMhqn+HRqRrAM055MH33N9ir4Krf4zJ4Aasbky62AP8FH4If8Aag== me@host'
const ECDSA_521 =
  'ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAHAC2Fp5CGq+OKK9tgcSbH+tErWAtywqU9BmQXE9t/Cg+3j7lYKktgmazI4PAFsevw+eW54hC90ytuoNeBtGIvNzgH0jDIz5FfGcHCAC6bWrQw66itDKTvY6zy2Jt8cWPd45B47UNsBTq0jFJwiaYDjSH6zBZsCP+dNdiLzy9ajWDkffQ== me@host'

function parsed(text: string): PublicKey {
  const result = parsePublicKey(text)
  if ('kind' in result) throw new Error(result.kind)
  return result
}

function wire(...fields: Array<string | Buffer>): string {
  return Buffer.concat(
    fields.map((field) => {
      const bytes = typeof field === 'string' ? Buffer.from(field, 'latin1') : field
      const length = Buffer.alloc(4)
      length.writeUInt32BE(bytes.length)
      return Buffer.concat([length, bytes])
    }),
  ).toString('base64')
}

describe('OpenSSH public keys', () => {
  it('fingerprints an ed25519 key as Scaleway shows it and drops the comment', () => {
    const key = parsed(ED25519)
    expect(key.fingerprint).toBe('256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 (ssh-ed25519)')
    expect(key.normalized).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO')
  })

  it('reads the modulus size of an RSA key', () => {
    expect(parsed(RSA_2048).fingerprint).toBe('2048 MD5:44:5d:a0:b6:c5:53:0f:2f:50:37:bc:e9:12:2e:2e:1c (ssh-rsa)')
  })

  it('accepts the three NIST curves', () => {
    expect(parsed(ECDSA_256).fingerprint).toBe('256 MD5:99:3d:6f:3d:93:5c:d3:53:c5:61:3c:0a:45:b7:db:7c (ecdsa-sha2-nistp256)')
    expect(parsed(ECDSA_384).fingerprint).toBe('384 MD5:b8:48:aa:2b:91:80:6b:c6:e4:89:1e:37:09:b0:ae:5b (ecdsa-sha2-nistp384)')
    expect(parsed(ECDSA_521).fingerprint).toBe('521 MD5:c6:a4:ea:4d:54:f1:b5:9b:38:cf:ee:7c:2c:3e:1e:20 (ecdsa-sha2-nistp521)')
  })

  it('tolerates surrounding white space and a trailing new line', () => {
    expect(parsed(`  ${ED25519}\n`).normalized).toBe(parsed(ED25519).normalized)
  })

  it('gives the same digest to the same key with another comment', () => {
    expect(parsed(`${ED25519.split(' ').slice(0, 2).join(' ')} other@host`).sha256).toBe(parsed(ED25519).sha256)
  })

  it('refuses an RSA key under 2048 bits', () => {
    expect(parsePublicKey(RSA_1024)).toMatchObject({ kind: 'invalid_argument', argument: 'public_key', message: expect.stringContaining('2048') })
  })

  it('refuses ssh-dss keys (documented deviation)', () => {
    expect(parsePublicKey(`ssh-dss ${wire('ssh-dss', 'p', 'q', 'g', 'y')}`)).toMatchObject({ kind: 'invalid_argument', message: expect.stringContaining('ssh-dss') })
  })

  it('refuses unknown key types, missing data and bad base64', () => {
    expect(parsePublicKey('ssh-foo AAAA')).toMatchObject({ kind: 'invalid_argument' })
    expect(parsePublicKey('ssh-ed25519')).toMatchObject({ kind: 'invalid_argument', reason: 'format' })
    expect(parsePublicKey('ssh-ed25519 not*base64')).toMatchObject({ kind: 'invalid_argument', reason: 'format' })
    expect(parsePublicKey('')).toMatchObject({ kind: 'invalid_argument', reason: 'required' })
  })

  it('refuses data whose embedded type differs from the named type', () => {
    const ed = ED25519.split(' ')[1]!
    expect(parsePublicKey(`ssh-rsa ${ed}`)).toMatchObject({ kind: 'invalid_argument', reason: 'format' })
  })

  it('refuses truncated and over-long blobs', () => {
    expect(parsePublicKey(`ssh-ed25519 ${wire('ssh-ed25519', Buffer.alloc(31))}`)).toMatchObject({ reason: 'format' })
    expect(parsePublicKey(`ssh-ed25519 ${wire('ssh-ed25519', Buffer.alloc(32), 'x')}`)).toMatchObject({ reason: 'format' })
    expect(parsePublicKey(`ssh-ed25519 ${wire('ssh-ed25519').slice(0, 8)}`)).toMatchObject({ reason: 'format' })
  })

  it('refuses an ECDSA key whose curve or point does not match', () => {
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64)])
    expect(parsePublicKey(`ecdsa-sha2-nistp256 ${wire('ecdsa-sha2-nistp256', 'nistp384', point)}`)).toMatchObject({ reason: 'format' })
    expect(parsePublicKey(`ecdsa-sha2-nistp256 ${wire('ecdsa-sha2-nistp256', 'nistp256', Buffer.alloc(65))}`)).toMatchObject({ reason: 'format' })
    expect(parsed(`ecdsa-sha2-nistp256 ${wire('ecdsa-sha2-nistp256', 'nistp256', point)}`).bits).toBe(256)
  })

  it('refuses an RSA key with a negative modulus', () => {
    const negative = Buffer.concat([Buffer.from([0x80]), Buffer.alloc(300)])
    expect(parsePublicKey(`ssh-rsa ${wire('ssh-rsa', Buffer.from([1, 0, 1]), negative)}`)).toMatchObject({ reason: 'format' })
  })

  it('refuses a key longer than 65000 characters', () => {
    expect(parsePublicKey(`${ED25519} ${'x'.repeat(65000)}`)).toMatchObject({ kind: 'invalid_argument' })
  })
})
