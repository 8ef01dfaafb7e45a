// Idempotency-Key records (DESIGN §4): scoped to organization and principal, kept 24 h, written in the same
// transaction as the command's events. They hold the request hash, status, resource id and consistency token,
// never a response body (which could hold a secret): a replay re-renders the resource with the secret omitted.
import { createHash } from 'node:crypto'
import { conflict, type DomainError } from '../../domain/core/errors.js'
import type { Extra, StateKey } from '../../domain/core/ports.js'
import type { Dynamo } from './dynamo.js'
import { readStateItem } from './stateStore.js'

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

export interface IdempotencyRecord {
  requestHash: string
  status: number
  resourceId: string
  token: string
}

/** A usable Idempotency-Key header value: 1–255 printable ASCII characters without spaces. */
export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key)
}

export function idempotencyKey(organizationId: string, principalId: string, key: string): StateKey {
  return { pk: `${organizationId}#idem#${principalId}`, sk: key }
}

/** SHA-256 of the canonical JSON of what identifies a request (method, route, body …): key order does not matter. */
export function hashRequest(...parts: unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex')
}

export async function readIdempotencyRecord(dynamo: Dynamo, key: StateKey, now: Date): Promise<IdempotencyRecord | undefined> {
  const item = await readStateItem(dynamo, key, now)
  if (!item) return undefined
  return { requestHash: String(item.requestHash), status: Number(item.status), resourceId: String(item.resourceId ?? ''), token: String(item.token ?? '') }
}

/** The record as an extra of the command's own append; a concurrent duplicate fails its condition with `onTaken`. */
export function idempotencyRecordExtra(key: StateKey, record: IdempotencyRecord, onTaken: DomainError): Extra {
  return { kind: 'put', key, attributes: { ...record }, ifNotExists: true, ttlSeconds: IDEMPOTENCY_TTL_SECONDS, onConditionFailed: onTaken }
}

export function idempotencyMismatch(key: string): DomainError {
  return conflict('idempotency_key', key, 'used', 'this Idempotency-Key was already used with a different request')
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
