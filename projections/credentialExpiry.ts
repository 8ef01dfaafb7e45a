// The expiry index the sweep reads (DESIGN §5, §7): every credential that can still expire, under the global
// scope `~expiry`, partitioned by expiry day and a shard number so that no day is one hot key:
//   ~expiry  <yyyy-mm-dd>#<shard>   <expiresAt>#<org>#<credentialId>   {organizationId, credentialId, kind, expiresAt}
//   ~expiry  days#<shard>           <yyyy-mm-dd>                       a day of that shard ever held an item
//   <org>    credential/<id>        expiry                             what this credential has indexed, and at which version
// A credential leaves the index when it is revoked or expired, and moves when its expiry changes. The events do not
// say what they replace (an update names the new expiry only), so the per-credential item remembers it.
import { isCredentialEvent, type CredentialEvent } from '../domain/core/credential/events.js'
import { CREDENTIAL_AGGREGATE } from '../domain/core/credential/evolve.js'
import { parseStreamId, type StoredEvent } from '../domain/core/events.js'
import { GLOBAL_SCOPES } from '../domain/core/globalItems.js'
import type { CustomProjection, Model, ModelChange, ModelKey, ProjectionIO } from './contract.js'

export const CREDENTIAL_EXPIRY = 'credentialExpiry'
export const EXPIRY_SCOPE = GLOBAL_SCOPES.credentialExpiry
export const EXPIRY_SHARDS = 16

export interface ExpiryEntry extends Model {
  organizationId: string
  credentialId: string
  kind: string
  /** ISO 8601, as `Date.toISOString()` writes it. */
  expiresAt: string
}

type Status = 'active' | 'disabled' | 'expired' | 'revoked'

/** The per-credential item: enough of the credential to know what it indexes, folded up to `version`. */
export interface ExpiryState extends Model {
  version: number
  status: Status
  kind: string
  expiresAt: string | null
  /** The expiry indexed after `version`, and the one indexed before it (removed by this version). */
  indexed: string | null
  previous: string | null
}

/** FNV-1a of the credential id: a stable shard that spreads ids of any shape. */
export function expiryShard(credentialId: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < credentialId.length; index++) {
    hash ^= credentialId.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % EXPIRY_SHARDS
}

export function expiryDay(expiresAt: string): string {
  return expiresAt.slice(0, 10)
}

export function expiryPartition(day: string, shard: number): string {
  return `${day}#${shard}`
}

export function expiryEntryKey(organizationId: string, credentialId: string, expiresAt: string): ModelKey {
  return {
    scope: EXPIRY_SCOPE,
    partition: expiryPartition(expiryDay(expiresAt), expiryShard(credentialId)),
    sort: `${expiresAt}#${organizationId}#${credentialId}`,
  }
}

/** The upper bound of the sort keys of entries expiring at or before `now` (`~` sorts after every id digit). */
export function expiredUpTo(now: Date): string {
  return `${now.toISOString()}#~`
}

export function expiryDaysPartition(shard: number): string {
  return `days#${shard}`
}

export function expiryDayKey(day: string, shard: number): ModelKey {
  return { scope: EXPIRY_SCOPE, partition: expiryDaysPartition(shard), sort: day }
}

export function expiryStateKey(organizationId: string, credentialId: string): ModelKey {
  return { scope: organizationId, partition: `credential/${credentialId}`, sort: 'expiry' }
}

/** One canonical spelling, so that sort keys compare as instants. */
function canonical(expiresAt: string | null | undefined): string | null {
  if (!expiresAt) return null
  const time = Date.parse(expiresAt)
  return Number.isNaN(time) ? null : new Date(time).toISOString()
}

/** The state after `event`, or undefined for an event that does not concern a credential known here. */
export function expiryStep(stored: ExpiryState | undefined, event: StoredEvent & CredentialEvent): ExpiryState | undefined {
  const before = stored && { ...stored, previous: stored.indexed }
  let next: ExpiryState
  if (event.type === 'CredentialIssued') {
    next = { version: 0, status: 'active', kind: event.data.kind, expiresAt: canonical(event.data.expiresAt), indexed: null, previous: null }
  } else if (!before) {
    return undefined
  } else {
    switch (event.type) {
      case 'CredentialUpdated':
        next = { ...before, expiresAt: event.data.expiresAt === undefined ? before.expiresAt : canonical(event.data.expiresAt) }
        break
      case 'CredentialRotated':
        next = { ...before, status: before.status === 'expired' ? 'active' : before.status, expiresAt: canonical(event.data.expiresAt) ?? before.expiresAt }
        break
      case 'CredentialRevoked':
        next = { ...before, status: 'revoked' }
        break
      case 'CredentialExpired':
        next = { ...before, status: 'expired' }
        break
      case 'CredentialDisabled':
        next = { ...before, status: 'disabled' }
        break
      case 'CredentialEnabled':
        next = { ...before, status: 'active' }
        break
    }
  }
  // The sweep expires active and disabled credentials (domain/core/credential/decide.ts expireCredential).
  const live = next.status === 'active' || next.status === 'disabled'
  return { ...next, version: event.version, indexed: live ? next.expiresAt : null }
}

/** The index writes that bring the index from `state.previous` to `state.indexed`; safe to write again. */
export function expiryChanges(organizationId: string, credentialId: string, state: ExpiryState): ModelChange[] {
  const changes: ModelChange[] = []
  if (state.previous && state.previous !== state.indexed) {
    changes.push({ kind: 'delete', key: expiryEntryKey(organizationId, credentialId, state.previous) })
  }
  if (state.indexed) {
    const entry: ExpiryEntry = { organizationId, credentialId, kind: state.kind, expiresAt: state.indexed }
    changes.push({ kind: 'put', key: expiryEntryKey(organizationId, credentialId, state.indexed), model: entry })
    const day = expiryDay(state.indexed)
    changes.push({ kind: 'put', key: expiryDayKey(day, expiryShard(credentialId)), model: { day }, ifAbsent: true })
  }
  return changes
}

export const credentialExpiry: CustomProjection = {
  kind: 'custom',
  name: CREDENTIAL_EXPIRY,
  aggregateTypes: [CREDENTIAL_AGGREGATE],
  async apply(event, io) {
    if (!isCredentialEvent(event)) return
    const { organizationId, aggregateId: credentialId } = parseStreamId(event.streamId)
    const state = await foldExpiry(io, organizationId, credentialId, event)
    if (state) await io.write(expiryChanges(organizationId, credentialId, state))
  },
}

/**
 * Moves the credential's state to `event` and returns it. The state is written first and the index after, so an
 * event applied again (after a crash in between) finds its own version stored and writes the same index changes.
 */
async function foldExpiry(io: ProjectionIO, organizationId: string, credentialId: string, event: StoredEvent & CredentialEvent): Promise<ExpiryState | undefined> {
  let folded: ExpiryState | undefined
  await io.modify([expiryStateKey(organizationId, credentialId)], (current) => {
    const stored = current as ExpiryState | undefined
    if (stored && stored.version >= event.version) {
      folded = stored.version === event.version ? stored : undefined
      return undefined
    }
    folded = expiryStep(stored, event)
    return folded
  })
  return folded
}
