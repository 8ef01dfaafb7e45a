// Signing keys on DynamoDB Local: two processes (two independent instances, no shared cache) racing to mint the
// first key end with one key; private keys are sealed; rotation keeps the old public key until its tokens expire.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isGlobalPk } from '../../domain/core/globalItems.js'
import { ulidIds, type Clock } from '../../domain/core/ids.js'
import { signingKeyStreamId } from '../../domain/core/signingKey/index.js'
import { createSigningKeys, type SigningKeysDeps } from '../../functions/auth/signingKeys.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { createKeyring, localKeyWrapper } from '../../functions/store/keyring.js'
import { freshTables } from '../support/tables.js'

let tables: Awaited<ReturnType<typeof freshTables>>
let dir: string
let now = new Date('2026-06-01T00:00:00.000Z')
const clock: Clock = { now: () => now }
const issuer = 'http://127.0.0.1:9/'

function instance(purposes?: SigningKeysDeps['purposes']) {
  const store = createEventStore(tables, { clock, ids: ulidIds })
  const keyring = createKeyring(tables, localKeyWrapper(join(dir, 'master.key')))
  return createSigningKeys({ dynamo: tables, store, keyring, clock, ids: ulidIds, purposes, cacheSeconds: 0 })
}

beforeAll(async () => {
  tables = await freshTables('signing')
  dir = mkdtempSync(join(tmpdir(), 'iam-signing-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signing keys', () => {
  it('mints one current key when two processes race for the first one', async () => {
    const [a, b] = [instance(), instance()]
    const tokens = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => a.sign('nscale-oidc', { n: i }, { issuer, subject: 'a', expiresInSeconds: 60 })),
      ...Array.from({ length: 4 }, (_, i) => b.sign('nscale-oidc', { n: i }, { issuer, subject: 'b', expiresInSeconds: 60 })),
    ])
    const kids = new Set(tokens.map((token) => decodeProtectedHeader(token).kid))
    expect(kids.size).toBe(1)
    expect(decodeProtectedHeader(tokens[0]!).alg).toBe('ES512')
    const events = await createEventStore(tables, { clock, ids: ulidIds }).readStream(signingKeyStreamId('nscale-oidc'))
    expect(events.map((event) => event.type)).toEqual(['SigningKeyCreated'])
    const jwks = await a.jwks('nscale-oidc')
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-521', alg: 'ES512', use: 'sig', kid: [...kids][0] })
    expect(jwks.keys[0]).not.toHaveProperty('d')
    for (const token of tokens) expect(await b.verify('nscale-oidc', token, { issuer })).toMatchObject({ iss: issuer })
  })

  it('refuses tampered, foreign-issuer, expired and other-purpose tokens', async () => {
    const keys = instance()
    const token = await keys.sign('nscale-oidc', { typ: 'fed' }, { issuer, audience: 'client', subject: 'u', expiresInSeconds: 60 })
    expect(await keys.verify('nscale-oidc', token, { issuer, audience: 'client' })).toMatchObject({ sub: 'u', typ: 'fed' })
    expect(await keys.verify('nscale-oidc', token, { issuer: 'http://elsewhere/' })).toBeUndefined()
    expect(await keys.verify('nscale-oidc', token, { issuer, audience: 'other' })).toBeUndefined()
    const [h, p, s] = token.split('.') as [string, string, string]
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url')
    expect(await keys.verify('nscale-oidc', `${h}.${forged}.${s}`, { issuer })).toBeUndefined()
    expect(await keys.verify('scaleway-session', token, { issuer })).toBeUndefined()
    expect(await keys.verify('nscale-oidc', 'not a token', { issuer })).toBeUndefined()
    const saved = now
    now = new Date(now.getTime() + 61_000)
    expect(await keys.verify('nscale-oidc', token, { issuer })).toBeUndefined()
    now = saved
  })

  it('rotates, keeping the old public key published until its last token expires', async () => {
    const purposes = { rotating: { algorithm: 'ES256' as const, rotateAfterSeconds: 3600, maxTokenLifetimeSeconds: 7200 } }
    const keys = instance(purposes)
    const start = now
    const old = await keys.sign('rotating', {}, { issuer, expiresInSeconds: 7200 })
    await expect(keys.sign('rotating', {}, { issuer, expiresInSeconds: 7201 })).rejects.toThrow(/at most/)
    now = new Date(start.getTime() + 5400_000)
    const fresh = await instance(purposes).sign('rotating', {}, { issuer, expiresInSeconds: 60 })
    expect(decodeProtectedHeader(fresh).kid).not.toBe(decodeProtectedHeader(old).kid)
    const both = await keys.jwks('rotating')
    expect(both.keys.map((key) => key.kid)).toEqual([decodeProtectedHeader(fresh).kid, decodeProtectedHeader(old).kid])
    expect(await keys.verify('rotating', old, { issuer })).toBeDefined()
    now = new Date(start.getTime() + 5400_000 + 7200_000)
    expect((await keys.jwks('rotating')).keys.map((key) => key.kid)).toEqual([decodeProtectedHeader(fresh).kid])
    now = start
  })

  it('lets the caller pass the algorithm, and keeps every item global and every private key sealed', async () => {
    const keys = instance()
    const token = await keys.sign('caller-chosen', {}, { issuer, expiresInSeconds: 60, algorithm: 'EdDSA' })
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA')
    expect(await keys.verify('caller-chosen', token, { issuer })).toBeDefined()
    const { Items = [] } = await tables.doc.send(new ScanCommand({ TableName: tables.tables.state }))
    for (const item of Items) expect(isGlobalPk(String(item.pk))).toBe(true)
    const keyItems = Items.filter((item) => String(item.sk).startsWith('key#'))
    expect(keyItems.length).toBeGreaterThan(0)
    for (const item of keyItems) {
      expect(String(item.sealedPrivateKey)).toMatch(/^k1\.1\./)
      expect(JSON.parse(String(item.publicJwk))).not.toHaveProperty('d')
    }
    const events = await tables.doc.send(new ScanCommand({ TableName: tables.tables.events }))
    for (const event of events.Items ?? []) expect(JSON.stringify(event.data)).not.toMatch(/"(d|x|y)"|k1\./)
  })
})
