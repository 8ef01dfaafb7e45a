// The keyring shared by separate processes (the server and the CLI): same DYNAMODB_ENDPOINT, same IAM_KEY_FILE.
// Two processes race to create the master key file and the organization's data key, then each decrypts what the
// other encrypted.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ulidIds } from '../../domain/core/ids.js'
import { createKeyring, keyFilePath, localKeyWrapper } from '../../functions/store/keyring.js'
import { freshTables } from '../support/tables.js'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
let tables: Awaited<ReturnType<typeof freshTables>>
let dir: string

beforeAll(async () => {
  tables = await freshTables('keyring')
  dir = mkdtempSync(join(tmpdir(), 'iam-keyring-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function probe(keyFile: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, DYNAMODB_ENDPOINT: tables.endpoint, IAM_TABLE_PREFIX: tables.prefix, IAM_KEY_FILE: keyFile, IAM_KMS_KEY_ID: '' }
  return run(join(root, 'node_modules/.bin/tsx'), [join(root, 'test/support/keyringProbe.ts'), ...args], { cwd: root, env, timeout: 60_000 })
    .then(({ stdout }) => stdout)
}

describe('keyring', () => {
  it('lets one process decrypt what another encrypted, both creating the master key at once', async () => {
    const keyFile = join(dir, 'nested', 'master.key')
    const org = ulidIds.newId()
    const [fromA, fromB] = await Promise.all([probe(keyFile, 'encrypt', org, 'secret of A'), probe(keyFile, 'encrypt', org, 'secret of B')])
    expect(fromA).toMatch(/^k1\.1\./)
    expect(fromA).not.toContain('secret')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const [aByB, bByA] = await Promise.all([probe(keyFile, 'decrypt', org, fromA), probe(keyFile, 'decrypt', org, fromB)])
    expect([aByB, bByA]).toEqual(['secret of A', 'secret of B'])
    // This process, with the same key file, reads them too.
    const here = createKeyring(tables, localKeyWrapper(keyFile))
    expect(await here.decryptText(org, fromA)).toBe('secret of A')
  }, 120_000)

  it('binds a sealed secret to its organization and its master key', async () => {
    const keyFile = join(dir, 'master.key')
    const keyring = createKeyring(tables, localKeyWrapper(keyFile))
    const [org, other] = [ulidIds.newId(), ulidIds.newId()]
    const sealed = await keyring.encrypt(org, 'hmac secret')
    expect(await keyring.decryptText(org, sealed)).toBe('hmac secret')
    await keyring.encrypt(other, 'x')
    await expect(keyring.decrypt(other, sealed)).rejects.toThrow()
    const stranger = createKeyring(tables, localKeyWrapper(join(dir, 'another.key')))
    await expect(stranger.decrypt(org, sealed)).rejects.toThrow(/does not unwrap with the master key/)
  })

  it('defaults the key file under IAM_DATA_DIR, else .iam', () => {
    expect(keyFilePath({})).toBe(join('.iam', 'master.key'))
    expect(keyFilePath({ IAM_DATA_DIR: '/data' })).toBe('/data/master.key')
    expect(keyFilePath({ IAM_DATA_DIR: '/data', IAM_KEY_FILE: '/k' })).toBe('/k')
  })
})
