// Decisions on an nscale service account (spec §3.2 #20–24, §4.7): create (with its principal and a first token),
// replace its metadata, rotate its token, delete it. The token is a core credential of kind
// `nscale_service_account_token`, stored hashed; rotation issues a new credential and revokes the old one in the
// same request, so the old token stops working at once. Names are unique per organization (409, spec §9 #4).
import { credentialItemExtras, type CredentialItem } from '../../core/credential/items.js'
import { issueCredential, revokeCredential } from '../../core/credential/decide.js'
import { credentialStreamId, type CredentialState } from '../../core/credential/evolve.js'
import type { CredentialEvent } from '../../core/credential/events.js'
import { alreadyExists, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { DomainEvent } from '../../core/events.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { deletePrincipal, registerPrincipal } from '../../core/principal/decide.js'
import { principalStreamId, type PrincipalState } from '../../core/principal/evolve.js'
import { principalStatusExtras } from '../../core/principal/items.js'
import { normalizedMetadata, sameMetadata, type ResourceMetadata } from '../resourceMetadata.js'
import {
  NscaleServiceAccountCreated,
  NscaleServiceAccountDeleted,
  NscaleServiceAccountTokenRotated,
  NscaleServiceAccountUpdated,
} from './events.js'
import { liveServiceAccount, serviceAccountStreamId, type ServiceAccount, type ServiceAccountState } from './evolve.js'

/** Upstream's token lifetime (spec §3.2 #21). */
export const SERVICE_ACCOUNT_TOKEN_DAYS = 90
const DAY_MS = 86_400_000

export function tokenExpiry(now: Date, days = SERVICE_ACCOUNT_TOKEN_DAYS): Date {
  return new Date(now.getTime() + days * DAY_MS)
}

/** A token minted by the caller: only its hash reaches the plan. */
export interface NewToken {
  credentialId: string
  secretHash: string
  expiresAt: Date
}

export interface ServiceAccountWrites {
  appends: Array<{ streamId: string; events: DomainEvent[] }>
  extras: Extra[]
}

export function serviceAccountNameKey(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#nscale-sa-name`, sk: name }
}

export function planCreateServiceAccount(
  state: ServiceAccountState,
  command: { id: string; organizationId: string; metadata: ResourceMetadata; token: NewToken; now: Date; by: string },
): ServiceAccountWrites | DomainError {
  if (state.account) return alreadyExists('service_account', command.id)
  const { id, organizationId, token, now } = command
  const metadata = normalizedMetadata(command.metadata)
  const principal = registerPrincipal({ status: 'absent' }, { principalId: id, organizationId, kind: 'service_account' })
  if (isDomainError(principal)) return principal
  const issued = issueToken({ status: 'absent' }, organizationId, id, token, now)
  if (isDomainError(issued)) return issued
  const created = NscaleServiceAccountCreated({
    id, organizationId, metadata, credentialId: token.credentialId, expiresAt: token.expiresAt.toISOString(), at: now.toISOString(), by: command.by,
  })
  return {
    appends: [
      { streamId: serviceAccountStreamId(organizationId, id), events: [created] },
      { streamId: principalStreamId(organizationId, id), events: principal },
      { streamId: credentialStreamId(organizationId, token.credentialId), events: issued.events },
    ],
    extras: [nameReservation(organizationId, metadata.name, id), ...principalStatusExtras(organizationId, id, principal), ...issued.extras],
  }
}

export function planUpdateServiceAccount(
  state: ServiceAccountState,
  command: { id: string; metadata: ResourceMetadata; now: Date; by: string },
): ServiceAccountWrites | DomainError {
  const account = liveServiceAccount(state)
  if (!account) return notFound('service_account', command.id)
  const metadata = normalizedMetadata(command.metadata)
  if (sameMetadata(account.metadata, metadata)) return { appends: [], extras: [] }
  const extras: Extra[] = []
  if (metadata.name !== account.metadata.name) {
    extras.push({ kind: 'release', key: serviceAccountNameKey(account.organizationId, account.metadata.name), owner: account.id })
    extras.push(nameReservation(account.organizationId, metadata.name, account.id))
  }
  const updated = NscaleServiceAccountUpdated({ metadata, at: command.now.toISOString(), by: command.by })
  return { appends: [{ streamId: serviceAccountStreamId(account.organizationId, account.id), events: [updated] }], extras }
}

/** `current` is the live token's credential and `stored` its item (ctx.readState), so its lookup item goes too. */
export function planRotateServiceAccountToken(
  state: ServiceAccountState,
  current: CredentialState,
  stored: Pick<CredentialItem, 'secretHash'> | undefined,
  command: { id: string; token: NewToken; now: Date; by: string },
): ServiceAccountWrites | DomainError {
  const account = liveServiceAccount(state)
  if (!account) return notFound('service_account', command.id)
  const { organizationId } = account
  const revoked = revokeToken(current, stored)
  const issued = issueToken({ status: 'absent' }, organizationId, account.id, command.token, command.now)
  if (isDomainError(issued)) return issued
  const rotated = NscaleServiceAccountTokenRotated({
    credentialId: command.token.credentialId, expiresAt: command.token.expiresAt.toISOString(), at: command.now.toISOString(), by: command.by,
  })
  return {
    appends: [
      { streamId: serviceAccountStreamId(organizationId, account.id), events: [rotated] },
      ...revoked.appends(account),
      { streamId: credentialStreamId(organizationId, command.token.credentialId), events: issued.events },
    ],
    extras: [...revoked.extras, ...issued.extras],
  }
}

export function planDeleteServiceAccount(
  state: ServiceAccountState,
  principal: PrincipalState,
  current: CredentialState,
  stored: Pick<CredentialItem, 'secretHash'> | undefined,
  command: { id: string; now: Date; by: string },
): ServiceAccountWrites | DomainError {
  const account = liveServiceAccount(state)
  if (!account) return notFound('service_account', command.id)
  const { organizationId } = account
  const principalEvents = principal.status === 'active' ? deletePrincipal(principal) : []
  if (isDomainError(principalEvents)) return principalEvents
  const revoked = revokeToken(current, stored)
  const deleted = NscaleServiceAccountDeleted({ at: command.now.toISOString(), by: command.by })
  return {
    appends: [
      { streamId: serviceAccountStreamId(organizationId, account.id), events: [deleted] },
      { streamId: principalStreamId(organizationId, account.id), events: principalEvents },
      ...revoked.appends(account),
    ],
    extras: [
      { kind: 'release', key: serviceAccountNameKey(organizationId, account.metadata.name), owner: account.id },
      ...principalStatusExtras(organizationId, account.id, principalEvents),
      ...revoked.extras,
    ],
  }
}

function nameReservation(organizationId: string, name: string, id: string): Extra {
  return {
    kind: 'reserve', key: serviceAccountNameKey(organizationId, name), owner: id,
    onTaken: alreadyExists('service_account', name, 'a resource with the same name already exists'),
  }
}

function issueToken(before: CredentialState, organizationId: string, principalId: string, token: NewToken, now: Date) {
  const events = issueCredential(before, {
    credentialId: token.credentialId, organizationId, principalId, principalKind: 'service_account', kind: 'nscale_service_account_token',
    expiresAt: token.expiresAt, now,
  })
  if (isDomainError(events)) return events
  return { events, extras: credentialItemExtras(before, events as CredentialEvent[], { hash: token.secretHash }) }
}

/** Revokes the live token's credential when it still exists (an expired one too); nothing when it is gone. */
function revokeToken(current: CredentialState, stored: Pick<CredentialItem, 'secretHash'> | undefined) {
  const events = revokeCredential(current)
  if (isDomainError(events) || current.status === 'absent') return { appends: () => [], extras: [] as Extra[] }
  return {
    appends: (account: ServiceAccount) => [{ streamId: credentialStreamId(account.organizationId, current.credentialId), events: events as DomainEvent[] }],
    extras: credentialItemExtras(current, events as CredentialEvent[], {}, stored),
  }
}
