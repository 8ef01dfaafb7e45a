import { describe, expect, it } from 'vitest'
import { hashPassword, newAccessKey, newSecretUuid, SCALEWAY_ACCESS_KEY, sha256Hex, verifyPassword } from './secrets.js'

describe('secrets', () => {
  it('hashes high-entropy secrets with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
  it('makes Scaleway-shaped access keys and UUID secrets', () => {
    expect(newAccessKey()).toMatch(SCALEWAY_ACCESS_KEY)
    expect(newSecretUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
  it('stores passwords as salted scrypt hashes and verifies them', async () => {
    const stored = await hashPassword('correct horse')
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(stored).not.toContain('correct horse')
    expect(await hashPassword('correct horse')).not.toBe(stored)
    expect(await verifyPassword('correct horse', stored)).toBe(true)
    expect(await verifyPassword('wrong horse', stored)).toBe(false)
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false)
  })
})
