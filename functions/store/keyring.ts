// Encryption at rest of the secrets a protocol needs back (SCP HMAC secrets, TOTP seeds, signing keys; DESIGN §4).
// Each organization has an AES-256 data key, stored in the state table wrapped either by AWS KMS
// (IAM_KMS_KEY_ID) or by a local master key file (IAM_KEY_FILE, default ${IAM_DATA_DIR:-.iam}/master.key) that
// the server and the CLI share. Unwrapped data keys are cached for minutes, never fetched per request.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { StateKey } from '../../domain/core/ports.js'
import type { Dynamo } from './dynamo.js'

export interface Keyring {
  /** Seals `plaintext` under the organization's data key; the result is safe to store. */
  encrypt(organizationId: string, plaintext: string | Uint8Array): Promise<string>
  decrypt(organizationId: string, sealed: string): Promise<Buffer>
  decryptText(organizationId: string, sealed: string): Promise<string>
}

/** Wraps data keys: the local master key file or AWS KMS. */
export interface KeyWrapper {
  name: string
  wrap(organizationId: string, dataKey: Buffer): Promise<string>
  unwrap(organizationId: string, wrapped: string): Promise<Buffer>
}

const DATA_KEY_VERSION = 1
const SEALED_PREFIX = 'k1'

export function dataKeyItemKey(organizationId: string, version = DATA_KEY_VERSION): StateKey {
  return { pk: `${organizationId}#keyring`, sk: `datakey#${version}` }
}

export function createKeyring(dynamo: Dynamo, wrapper: KeyWrapper, options: { cacheMs?: number } = {}): Keyring {
  const cacheMs = options.cacheMs ?? 5 * 60_000
  const cache = new Map<string, { key: Promise<Buffer>; until: number }>()

  function dataKey(organizationId: string, version: number): Promise<Buffer> {
    const id = `${organizationId}#${version}`
    const hit = cache.get(id)
    if (hit && hit.until > Date.now()) return hit.key
    const key = loadOrCreate(organizationId, version)
    cache.set(id, { key, until: Date.now() + cacheMs })
    key.catch(() => cache.delete(id))
    return key
  }

  async function loadOrCreate(organizationId: string, version: number): Promise<Buffer> {
    const Key = { ...dataKeyItemKey(organizationId, version) }
    const read = async () =>
      (await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key, ConsistentRead: true }))).Item as { wrapped: string } | undefined
    const existing = await read()
    if (existing) return wrapper.unwrap(organizationId, existing.wrapped)
    if (version !== DATA_KEY_VERSION) throw new Error(`organization ${organizationId} has no data key version ${version}`)
    const fresh = randomBytes(32)
    const wrapped = await wrapper.wrap(organizationId, fresh)
    try {
      await dynamo.doc.send(
        new PutCommand({
          TableName: dynamo.tables.state,
          Item: { ...Key, wrapped, wrapper: wrapper.name, createdAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      return fresh
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      const winner = await read() // another process created it first: use theirs
      if (!winner) throw error
      return wrapper.unwrap(organizationId, winner.wrapped)
    }
  }

  async function decrypt(organizationId: string, sealed: string): Promise<Buffer> {
    const [prefix, version, body] = sealed.split('.')
    if (prefix !== SEALED_PREFIX || !version || !body) throw new Error('not a sealed secret')
    return aesOpen(await dataKey(organizationId, Number(version)), Buffer.from(body, 'base64url'), aad(organizationId))
  }

  return {
    async encrypt(organizationId, plaintext) {
      const key = await dataKey(organizationId, DATA_KEY_VERSION)
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : Buffer.from(plaintext)
      return `${SEALED_PREFIX}.${DATA_KEY_VERSION}.${aesSeal(key, data, aad(organizationId)).toString('base64url')}`
    },
    decrypt,
    decryptText: async (organizationId, sealed) => (await decrypt(organizationId, sealed)).toString('utf8'),
  }
}

/** The keyring the environment asks for: KMS when IAM_KMS_KEY_ID is set, else the local master key file. */
export function keyringFromEnvironment(dynamo: Dynamo, env: NodeJS.ProcessEnv = process.env): Keyring {
  const wrapper = env.IAM_KMS_KEY_ID ? kmsKeyWrapper(env.IAM_KMS_KEY_ID) : localKeyWrapper(keyFilePath(env))
  return createKeyring(dynamo, wrapper)
}

export function keyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.IAM_KEY_FILE || join(env.IAM_DATA_DIR || '.iam', 'master.key')
}

/** Wraps data keys with AES-256-GCM under the master key in `keyFile`, created on first use. */
export function localKeyWrapper(keyFile: string): KeyWrapper {
  let master: Buffer | undefined
  const key = () => (master ??= ensureMasterKey(keyFile))
  return {
    name: 'local',
    async wrap(organizationId, dataKey) {
      return `local.${aesSeal(key(), dataKey, wrapAad(organizationId)).toString('base64url')}`
    },
    async unwrap(organizationId, wrapped) {
      if (!wrapped.startsWith('local.')) throw new Error(`the data key of organization ${organizationId} was not wrapped by a local master key`)
      try {
        return aesOpen(key(), Buffer.from(wrapped.slice('local.'.length), 'base64url'), wrapAad(organizationId))
      } catch {
        throw new Error(`the data key of organization ${organizationId} does not unwrap with the master key ${keyFile}; is IAM_KEY_FILE the file that wrapped it?`)
      }
    },
  }
}

/** Wraps data keys with AWS KMS, the organization id as encryption context. */
export function kmsKeyWrapper(keyId: string): KeyWrapper {
  const client = import('@aws-sdk/client-kms').then((kms) => ({ kms, client: new kms.KMSClient({}) }))
  return {
    name: 'kms',
    async wrap(organizationId, dataKey) {
      const { kms, client: c } = await client
      const out = await c.send(new kms.EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: { organizationId } }))
      return `kms.${Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString('base64url')}`
    },
    async unwrap(organizationId, wrapped) {
      if (!wrapped.startsWith('kms.')) throw new Error(`the data key of organization ${organizationId} was not wrapped by KMS`)
      const { kms, client: c } = await client
      const out = await c.send(
        new kms.DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(wrapped.slice(4), 'base64url'), EncryptionContext: { organizationId } }),
      )
      if (!out.Plaintext) throw new Error(`KMS returned no data key for organization ${organizationId}`)
      return Buffer.from(out.Plaintext)
    },
  }
}

/**
 * Reads the master key, creating it first when missing (32 random bytes, base64, mode 0600). Creation is atomic:
 * the key is written to a private temporary file and hard-linked into place, which fails when another process
 * won the race; both then read the same file.
 */
export function ensureMasterKey(keyFile: string): Buffer {
  const existing = readMasterKey(keyFile)
  if (existing) return existing
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 })
  const temporary = `${keyFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  try {
    linkSync(temporary, keyFile)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    unlinkSync(temporary)
  }
  const created = readMasterKey(keyFile)
  if (!created) throw new Error(`could not create the master key ${keyFile}`)
  return created
}

function readMasterKey(keyFile: string): Buffer | undefined {
  let text: string
  try {
    text = readFileSync(keyFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32) throw new Error(`the master key ${keyFile} is not 32 bytes of base64`)
  return key
}

const aad = (organizationId: string) => Buffer.from(`iam-secret:${organizationId}`)
const wrapAad = (organizationId: string) => Buffer.from(`iam-datakey:${organizationId}`)

/** iv (12) | ciphertext | tag (16) */
function aesSeal(key: Buffer, plaintext: Buffer, additional: Buffer): Buffer {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(additional)
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

function aesOpen(key: Buffer, sealed: Buffer, additional: Buffer): Buffer {
  if (sealed.length < 28) throw new Error('sealed data is too short')
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
  decipher.setAAD(additional)
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()])
}
