// Ids are 128-bit values generated from ULIDs (DESIGN §3). The canonical form, used in every key,
// is 32 lowercase hex; surfaces render it as a dashed UUID (Scaleway, nscale) or keep the hex (SCP).
import { ulid } from 'ulid'

export type Id = string

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const HEX32 = /^[0-9a-f]{32}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

export function ulidToHex(value: string): Id {
  let n = 0n
  for (const ch of value.toUpperCase()) n = n * 32n + BigInt(CROCKFORD.indexOf(ch))
  return n.toString(16).padStart(32, '0')
}

/** Accepts any rendering (UUID, 32-hex, ULID; any case) and returns the canonical 32-hex, or undefined. */
export function normalizeId(value: string): Id | undefined {
  const lower = value.trim().toLowerCase()
  if (HEX32.test(lower)) return lower
  if (UUID.test(lower)) return lower.replaceAll('-', '')
  if (ULID.test(value.trim().toUpperCase())) return ulidToHex(value.trim())
  return undefined
}

export function toUuid(id: Id): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`
}

export function toHex(id: Id): string {
  return id
}

/** The id generator port: tests pass a deterministic one. */
export interface IdGenerator {
  /** A new 128-bit id in canonical form. */
  newId(): Id
  /** A new ULID string (event ids). */
  newUlid(): string
}

export const ulidIds: IdGenerator = {
  newId: () => ulidToHex(ulid()),
  newUlid: () => ulid(),
}

/** The clock port. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
