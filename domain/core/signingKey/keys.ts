// The signing keys of one purpose, folded from its stream, and the pure rules of rotation: the newest key signs;
// a superseded key stays published (verifies) until every token it may have signed has expired.
import type { Decider } from '../decider.js'
import { streamId } from '../events.js'
import { GLOBAL_SCOPES } from '../globalItems.js'
import type { SigningAlgorithm, SigningKeyEvent } from './events.js'

export const SIGNING_KEY_AGGREGATE = 'signingKey'
/** The scope of signing-key streams and items: system-wide machinery, no tenant data (a global scope). */
export const SIGNING_KEY_SCOPE = GLOBAL_SCOPES.signingKey

export interface SigningKeyRecord {
  kid: string
  algorithm: SigningAlgorithm
  createdAt: string
  maxTokenLifetimeSeconds: number
  /** When the next key took over; absent for the current key. */
  supersededAt?: string
}

/** Keys oldest first; the last one is current. */
export interface SigningKeyState {
  keys: SigningKeyRecord[]
}

export function signingKeyStreamId(purpose: string): string {
  return streamId(SIGNING_KEY_SCOPE, SIGNING_KEY_AGGREGATE, purpose)
}

export function evolveSigningKeys(state: SigningKeyState, event: SigningKeyEvent): SigningKeyState {
  const { kid, algorithm, createdAt, maxTokenLifetimeSeconds } = event.data
  const keys = state.keys.map((key) => (key.supersededAt ? key : { ...key, supersededAt: createdAt }))
  return { keys: [...keys, { kid, algorithm, createdAt, maxTokenLifetimeSeconds }] }
}

export const signingKeyDecider: Decider<SigningKeyState, SigningKeyEvent> = {
  aggregateType: SIGNING_KEY_AGGREGATE,
  initialState: () => ({ keys: [] }),
  evolve: evolveSigningKeys,
}

export function currentKey(state: SigningKeyState): SigningKeyRecord | undefined {
  return state.keys.at(-1)
}

export interface RotationPolicy {
  algorithm: SigningAlgorithm
  rotateAfterSeconds: number
}

/** A new key is due when there is none, the current one is older than the rotation period, or the algorithm changed. */
export function needsNewKey(state: SigningKeyState, now: Date, policy: RotationPolicy): boolean {
  const current = currentKey(state)
  if (!current) return true
  if (current.algorithm !== policy.algorithm) return true
  return Date.parse(current.createdAt) + policy.rotateAfterSeconds * 1000 <= now.getTime()
}

/** When a superseded key stops verifying: its successor's start plus the longest lifetime of its tokens. */
export function retiresAt(key: SigningKeyRecord): Date | undefined {
  return key.supersededAt ? new Date(Date.parse(key.supersededAt) + key.maxTokenLifetimeSeconds * 1000) : undefined
}

/** The keys that verify at `now`, current first (the JWKS order). */
export function publishedKeys(state: SigningKeyState, now: Date): SigningKeyRecord[] {
  return state.keys.filter((key) => (retiresAt(key)?.getTime() ?? Infinity) > now.getTime()).reverse()
}
