// Per-purpose signing keys (DESIGN §4): `nscale-oidc` (ES512, the OIDC provider's tokens), `scaleway-session`
// (Scaleway session JWTs) … Each purpose has its own stream `~signingkey#signingKey#<purpose>`; a new key is one
// conditional append of `SigningKeyCreated` (version n+1) together with the item holding its public JWK and its
// private JWK sealed by the keyring, so two processes never mint two current keys: the loser re-reads and uses the
// winner's. The newest key signs; superseded keys verify (and stay in the JWKS) until their last token expires.
// Keys are cached in process and re-read at most once a minute, or when a token names a kid we do not know.
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { fold } from '../../domain/core/decider.js'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { EventStore, Extra, StateKey } from '../../domain/core/ports.js'
import {
  currentKey,
  needsNewKey,
  publishedKeys,
  retiresAt,
  SIGNING_KEY_SCOPE,
  signingKeyCreated,
  signingKeyDecider,
  signingKeyStreamId,
  type SigningAlgorithm,
  type SigningKeyEvent,
  type SigningKeyRecord,
  type SigningKeyState,
} from '../../domain/core/signingKey/index.js'
import type { Dynamo } from '../store/dynamo.js'
import { isAppendConflict } from '../store/eventStore.js'
import type { Keyring } from '../store/keyring.js'
import { isLive } from '../store/stateStore.js'
import { TTL_ATTRIBUTE } from '../store/tables.js'

export type { SigningAlgorithm } from '../../domain/core/signingKey/index.js'

export interface SigningPurpose {
  algorithm?: SigningAlgorithm
  /** Age after which the next `sign` mints a new key (default 30 days). */
  rotateAfterSeconds?: number
  /** The longest `expiresInSeconds` a token may ask for; a superseded key stays published this long. */
  maxTokenLifetimeSeconds?: number
}

const DAY = 86_400
const DEFAULT_PURPOSE: Required<SigningPurpose> = { algorithm: 'ES256', rotateAfterSeconds: 30 * DAY, maxTokenLifetimeSeconds: 30 * DAY }

/** Built-in purposes; callers may add or override through `createSigningKeys({purposes})` or `sign(…, {algorithm})`. */
export const SIGNING_PURPOSES: Readonly<Record<string, SigningPurpose>> = {
  'nscale-oidc': { algorithm: 'ES512', rotateAfterSeconds: 30 * DAY, maxTokenLifetimeSeconds: 7 * DAY },
  'scaleway-session': { algorithm: 'ES256', rotateAfterSeconds: 30 * DAY, maxTokenLifetimeSeconds: 30 * DAY },
}

export interface SignOptions {
  issuer: string
  audience?: string | string[]
  subject?: string
  expiresInSeconds: number
  /** The algorithm of the purpose's keys; a change mints a new key (default: the purpose's, else ES256). */
  algorithm?: SigningAlgorithm
  /** Extra protected-header fields (`typ` …); `alg` and `kid` are always the key's. */
  header?: Record<string, string>
}

export interface VerifyOptions {
  issuer: string
  audience?: string | string[]
  /** Required protected-header `typ`, when the purpose signs several kinds of token. */
  typ?: string
}

export interface JsonWebKeySet {
  keys: JWK[]
}

export interface SigningKeys {
  /** Signs `claims` with the purpose's current key (minted on first use or when due); adds iat, exp, iss, aud, sub. */
  sign(purpose: string, claims: JWTPayload, options: SignOptions): Promise<string>
  /** The payload of a token signed by one of the purpose's published keys, valid now; undefined for anything else. */
  verify(purpose: string, token: string, options: VerifyOptions): Promise<JWTPayload | undefined>
  /** The purpose's published public keys, current first (minting the first key when there is none). */
  jwks(purpose: string): Promise<JsonWebKeySet>
}

export interface SigningKeysDeps {
  dynamo: Dynamo
  store: EventStore
  keyring: Keyring
  clock: Clock
  ids: IdGenerator
  purposes?: Record<string, SigningPurpose>
  /** How long a read of a purpose's keys is trusted before the next re-read (default 60 s). */
  cacheSeconds?: number
}

/** The state item of one key: public JWK and sealed private JWK. */
export function signingKeyItemKey(purpose: string, kid: string): StateKey {
  return { pk: `${SIGNING_KEY_SCOPE}#${purpose}`, sk: `key#${kid}` }
}

interface KeyMaterial {
  record: SigningKeyRecord
  publicJwk: JWK
  sealedPrivateKey: string
}

interface Snapshot {
  state: SigningKeyState
  version: number
  material: Map<string, KeyMaterial>
  /** When it was read (process clock), and its place in the sequence of reads. */
  readAt: number
  sequence: number
}

const UNKNOWN_KID_REREAD_MS = 5_000
const MINT_ATTEMPTS = 5

export function createSigningKeys(deps: SigningKeysDeps): SigningKeys {
  const { dynamo, store, keyring, clock, ids } = deps
  const cacheMs = (deps.cacheSeconds ?? 60) * 1000
  const reads = new Map<string, { promise: Promise<Snapshot>; sequence: number }>()
  const establishing = new Map<string, Promise<Snapshot>>()
  const publicKeys = new Map<string, Promise<CryptoKey | Uint8Array>>()
  const privateKeys = new Map<string, Promise<CryptoKey | Uint8Array>>()
  let sequence = 0

  const purposeOf = (purpose: string, algorithm?: SigningAlgorithm): Required<SigningPurpose> => {
    const configured = { ...DEFAULT_PURPOSE, ...SIGNING_PURPOSES[purpose], ...deps.purposes?.[purpose] }
    return algorithm ? { ...configured, algorithm } : configured
  }

  async function read(purpose: string, readSequence: number): Promise<Snapshot> {
    const readAt = Date.now()
    const events = await store.readStream(signingKeyStreamId(purpose))
    const state = fold(signingKeyDecider, events as unknown as SigningKeyEvent[])
    const key = signingKeyItemKey(purpose, '')
    const material = new Map<string, KeyMaterial>()
    const now = clock.now()
    let ExclusiveStartKey: Record<string, unknown> | undefined
    do {
      const page = await dynamo.doc.send(
        new QueryCommand({
          TableName: dynamo.tables.state,
          ConsistentRead: true,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk },
          ExclusiveStartKey,
        }),
      )
      for (const item of page.Items ?? []) {
        const record = state.keys.find((candidate) => candidate.kid === item.kid)
        if (record && isLive(item, now)) {
          material.set(record.kid, { record, publicJwk: JSON.parse(String(item.publicJwk)) as JWK, sealedPrivateKey: String(item.sealedPrivateKey) })
        }
      }
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey)
    return { state, version: events.at(-1)?.version ?? 0, material, readAt, sequence: readSequence }
  }

  /** A read newer than the snapshot `after` (shared by concurrent callers who distrust the same snapshot). */
  function reread(purpose: string, after: number): Promise<Snapshot> {
    const entry = reads.get(purpose)
    if (entry && entry.sequence > after) return entry.promise
    const next = { promise: read(purpose, ++sequence), sequence }
    reads.set(purpose, next)
    next.promise.catch(() => reads.get(purpose) === next && reads.delete(purpose))
    return next.promise
  }

  async function snapshot(purpose: string): Promise<Snapshot> {
    const entry = reads.get(purpose)
    if (!entry) return reread(purpose, -1)
    const snap = await entry.promise
    return Date.now() - snap.readAt < cacheMs ? snap : reread(purpose, snap.sequence)
  }

  /** A snapshot whose current key fits the purpose's policy, minting one when due (once per process at a time). */
  async function signingSnapshot(purpose: string, algorithm?: SigningAlgorithm): Promise<Snapshot> {
    const policy = purposeOf(purpose, algorithm)
    const fits = (snap: Snapshot) => !needsNewKey(snap.state, clock.now(), policy) && snap.material.has(currentKey(snap.state)?.kid ?? '')
    const snap = await snapshot(purpose)
    if (fits(snap)) return snap
    let pending = establishing.get(purpose)
    if (!pending) {
      pending = (async () => {
        let latest = snap
        for (let attempt = 0; attempt < MINT_ATTEMPTS; attempt++) {
          latest = await reread(purpose, latest.sequence)
          if (fits(latest)) return latest
          await mint(purpose, latest, policy)
        }
        throw new Error(`could not establish a signing key for ${purpose}`)
      })()
      establishing.set(purpose, pending)
      const settled = pending
      pending.then(
        () => establishing.delete(purpose),
        () => establishing.get(purpose) === settled && establishing.delete(purpose),
      )
    }
    return pending
  }

  /** Appends SigningKeyCreated at the next version; a lost race is fine (the winner's key is used). */
  async function mint(purpose: string, snap: Snapshot, policy: Required<SigningPurpose>): Promise<void> {
    const { publicJwk, privateJwk, kid } = await generate(policy.algorithm)
    const createdAt = clock.now().toISOString()
    const sealedPrivateKey = await keyring.encrypt(SIGNING_KEY_SCOPE, JSON.stringify(privateJwk))
    const extras: Extra[] = [
      {
        kind: 'put',
        key: signingKeyItemKey(purpose, kid),
        attributes: { kid, algorithm: policy.algorithm, publicJwk: JSON.stringify(publicJwk), sealedPrivateKey, createdAt },
        ifNotExists: true,
      },
    ]
    const previous = currentKey(snap.state)
    if (previous) {
      // The superseded key's item expires with its last token (TTL cleanup; publication is decided by the fold).
      const retire = retiresAt({ ...previous, supersededAt: createdAt }) as Date
      extras.push({ kind: 'set', key: signingKeyItemKey(purpose, previous.kid), attributes: { [TTL_ATTRIBUTE]: Math.ceil(retire.getTime() / 1000) } })
    }
    const event = signingKeyCreated({ purpose, kid, algorithm: policy.algorithm, maxTokenLifetimeSeconds: policy.maxTokenLifetimeSeconds, createdAt })
    const outcome = await store.append([{ streamId: signingKeyStreamId(purpose), expectedVersion: snap.version, events: [event] }], extras, {
      actor: SYSTEM_ACTORS.bootstrap,
      requestId: ids.newUlid(),
      sourceIp: '127.0.0.1',
      userAgent: 'iam-signing-keys',
      surface: 'system',
    })
    if (isAppendConflict(outcome)) return
    if (isDomainError(outcome)) throw new Error(`could not create a signing key for ${purpose}: ${outcome.kind}`)
  }

  function privateKey(material: KeyMaterial): Promise<CryptoKey | Uint8Array> {
    let key = privateKeys.get(material.record.kid)
    if (!key) {
      key = keyring
        .decryptText(SIGNING_KEY_SCOPE, material.sealedPrivateKey)
        .then((jwk) => importJWK(JSON.parse(jwk) as JWK, material.record.algorithm))
      privateKeys.set(material.record.kid, key)
      key.catch(() => privateKeys.delete(material.record.kid))
    }
    return key
  }

  function publicKey(material: KeyMaterial): Promise<CryptoKey | Uint8Array> {
    let key = publicKeys.get(material.record.kid)
    if (!key) {
      key = importJWK(material.publicJwk, material.record.algorithm)
      publicKeys.set(material.record.kid, key)
      key.catch(() => publicKeys.delete(material.record.kid))
    }
    return key
  }

  function published(snap: Snapshot): KeyMaterial[] {
    return publishedKeys(snap.state, clock.now()).flatMap((record) => {
      const material = snap.material.get(record.kid)
      return material ? [{ ...material, record }] : []
    })
  }

  return {
    async sign(purpose, claims, options) {
      const policy = purposeOf(purpose, options.algorithm)
      if (!(options.expiresInSeconds > 0) || options.expiresInSeconds > policy.maxTokenLifetimeSeconds) {
        throw new Error(`a ${purpose} token may live at most ${policy.maxTokenLifetimeSeconds} s`)
      }
      const snap = await signingSnapshot(purpose, options.algorithm)
      const current = snap.material.get(currentKey(snap.state)?.kid ?? '') as KeyMaterial
      const now = Math.floor(clock.now().getTime() / 1000)
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ ...options.header, alg: current.record.algorithm, kid: current.record.kid })
        .setIssuedAt(now)
        .setIssuer(options.issuer)
        .setExpirationTime(now + Math.floor(options.expiresInSeconds))
      if (options.audience !== undefined) jwt.setAudience(options.audience)
      if (options.subject !== undefined) jwt.setSubject(options.subject)
      return jwt.sign(await privateKey(current))
    },

    async verify(purpose, token, options) {
      if (typeof token !== 'string' || token.length > 16_384 || token.split('.').length !== 3) return undefined
      const getKey: JWTVerifyGetKey = async (header) => {
        let snap = await snapshot(purpose)
        let found = published(snap).find((material) => material.record.kid === header.kid)
        if (!found && Date.now() - snap.readAt > UNKNOWN_KID_REREAD_MS) {
          snap = await reread(purpose, snap.sequence) // another process may have rotated
          found = published(snap).find((material) => material.record.kid === header.kid)
        }
        if (!found || found.record.algorithm !== header.alg) throw new Error('unknown signing key')
        return publicKey(found)
      }
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: options.issuer,
          ...(options.audience !== undefined ? { audience: options.audience } : {}),
          ...(options.typ !== undefined ? { typ: options.typ } : {}),
          currentDate: clock.now(),
        })
        return payload
      } catch {
        return undefined
      }
    },

    async jwks(purpose) {
      let snap = await snapshot(purpose)
      if (!currentKey(snap.state)) snap = await signingSnapshot(purpose)
      return {
        keys: published(snap).map(({ publicJwk, record }) => ({ ...publicJwk, kid: record.kid, alg: record.algorithm, use: 'sig' })),
      }
    },
  }
}

async function generate(algorithm: SigningAlgorithm): Promise<{ publicJwk: JWK; privateJwk: JWK; kid: string }> {
  const pair = await generateKeyPair(algorithm, { extractable: true, ...(algorithm === 'EdDSA' ? { crv: 'Ed25519' } : {}) })
  const publicJwk = await exportJWK(pair.publicKey)
  const privateJwk = await exportJWK(pair.privateKey)
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256')
  return { publicJwk, privateJwk, kid }
}
