// Service accounts (spec §3.2 #20–24, §4.7): a long-lived bearer token (90 days) shown once (create and rotate)
// and stored hashed as a core credential of kind `nscale_service_account_token`; rotation revokes the old token
// in the same request; expiry is refused at request time (functions/auth/credentials.ts) and swept
// (functions/sweeps). `spec.groupIDs` is derived from the groups, which own membership (spec §9 #23): writes
// reconcile it by appending to the group streams in the same request.
import { fold } from '../../../../domain/core/decider.js'
import { credentialDecider, credentialItemKey, credentialStreamId, type CredentialItem } from '../../../../domain/core/credential/index.js'
import { isDomainError, notFound, permissionDenied, type DomainError } from '../../../../domain/core/errors.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/evolve.js'
import { groupDecider, groupStreamId, planMemberGroups, type GroupState } from '../../../../domain/nscale/group/index.js'
import {
  planCreateServiceAccount, planDeleteServiceAccount, planRotateServiceAccountToken, planUpdateServiceAccount, tokenExpiry,
  type NewToken, type ServiceAccountWrites,
} from '../../../../domain/nscale/serviceAccount/decide.js'
import type { ServiceAccountEvent } from '../../../../domain/nscale/serviceAccount/events.js'
import {
  liveServiceAccount, serviceAccountDecider, serviceAccountStreamId, type ServiceAccount, type ServiceAccountState,
} from '../../../../domain/nscale/serviceAccount/evolve.js'
import { toUuid } from '../../../../domain/core/ids.js'
import { SERVICE_ACCOUNT_LIST, SERVICE_ACCOUNT_PARTITION, type ServiceAccountListItem } from '../../../../projections/nscale/serviceAccountList.js'
import { newServiceAccountToken } from '../../../auth/bearer.js'
import { sha256Hex } from '../../../store/secrets.js'
import type { NscaleCaller, NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { groupIdsOf, memberGroupIds } from './groupMembership.js'
import { answer, answerWith, readList, readMetadata, runCommand } from './resourceSupport.js'

export function renderServiceAccount(account: ServiceAccount, groupIds: readonly string[], accessToken?: string) {
  return {
    metadata: { ...readMetadata(account.id, account.metadata, account), organizationId: toUuid(account.organizationId) },
    spec: { groupIDs: groupIds.map(toUuid) },
    status: { expiry: account.expiresAt.replace(/\.\d+Z$/, 'Z'), ...(accessToken ? { accessToken } : {}) },
  }
}

/** A new token: the secret for the response, only its hash for the plan. */
function mintToken(services: { ids: { newId(): string } }, now: Date): { secret: string; token: NewToken } {
  const secret = newServiceAccountToken()
  return { secret, token: { credentialId: services.ids.newId(), secretHash: sha256Hex(secret), expiresAt: tokenExpiry(now) } }
}

/** Whether the caller is this very service account (self-access, spec #20, #24). */
function isSelf(caller: NscaleCaller, organizationId: string, serviceAccountId: string): boolean {
  const { identity } = caller
  return identity.kind === 'service_account' && identity.organizationId === organizationId && identity.principalId === serviceAccountId
}

async function loadServiceAccount(services: Pick<NscaleServices, 'store'>, organizationId: string, id: string): Promise<ServiceAccountState> {
  const streamId = serviceAccountStreamId(organizationId, id)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return fold(serviceAccountDecider, events as unknown as ServiceAccountEvent[])
}

/** A service account re-rendered for a replay: as it is now, its groups once the write's token is projected, no token. */
async function reloadServiceAccount(services: NscaleServices, organizationId: string, id: string, token: string): Promise<unknown> {
  const account = liveServiceAccount(await loadServiceAccount(services, organizationId, id))
  if (!account) return notFound('service_account', id)
  return renderServiceAccount(account, await memberGroupIds(services, organizationId, id, [token]))
}

/** The group reconciliation of `serviceAccountId` to `wanted`, planned on the group streams read consistently. */
async function reconcileGroups(
  ctx: CommandContext,
  organizationId: string,
  serviceAccountId: string,
  current: readonly string[],
  wanted: readonly string[],
  command: { now: Date; by: string },
): Promise<ServiceAccountWrites | DomainError> {
  const groups = new Map<string, GroupState>()
  for (const groupId of new Set([...current, ...wanted])) groups.set(groupId, (await ctx.load(groupDecider, groupStreamId(organizationId, groupId))).state)
  return planMemberGroups(groups, { kind: 'serviceAccount', id: serviceAccountId }, wanted, command)
}

function merged(...parts: ServiceAccountWrites[]): ServiceAccountWrites {
  return { appends: parts.flatMap((part) => part.appends), extras: parts.flatMap((part) => part.extras) }
}

export const serviceAccountHandlers = defineHandlers(
  operation('apiV1OrganizationsOrganizationIDServiceaccountsGet', async ({ input, caller, access, consistencyTokens, deps }) => {
    const organizationId = input.params.organizationID
    const [decision] = await access.decide(caller, [{ endpoint: 'identity:serviceaccounts', operation: 'read', level: 'organization', organizationId }], consistencyTokens)
    if (decision === 'stale') return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
    if (decision !== 'allow') {
      // A service account without read permission sees only itself, so that it can find its id and rotate itself.
      const { identity } = caller
      if (identity.kind !== 'service_account' || identity.organizationId !== organizationId) return permissionDenied('identity:serviceaccounts', 'read')
      const self = liveServiceAccount(await loadServiceAccount(deps.services, organizationId, identity.principalId))
      return { body: self ? [renderServiceAccount(self, await memberGroupIds(deps.services, organizationId, self.id, consistencyTokens))] : [] }
    }
    const accounts = await readList<ServiceAccountListItem>(deps.services, { consistencyTokens }, organizationId, SERVICE_ACCOUNT_LIST, SERVICE_ACCOUNT_PARTITION)
    if (isDomainError(accounts)) return accounts
    const groupIds = await groupIdsOf(deps.services, organizationId, consistencyTokens)
    return { body: accounts.map((account) => renderServiceAccount(account, groupIds(account.id))) }
  }),

  operation('apiV1OrganizationsOrganizationIDServiceaccountsPost', async ({ input, caller, meta, now, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const id = deps.ids.newId()
    const { secret, token } = mintToken(deps, now)
    const wanted = [...new Set(input.body.spec.groupIDs)]
    const streamId = serviceAccountStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(serviceAccountDecider, streamId)
      await ctx.load(principalDecider, principalStreamId(organizationId, id))
      await ctx.load(credentialDecider, credentialStreamId(organizationId, token.credentialId))
      const created = planCreateServiceAccount(state, { id, organizationId, metadata: input.body.metadata, token, now, by: caller.subject })
      if (isDomainError(created)) return created
      const groups = await reconcileGroups(ctx, organizationId, id, [], wanted, { now, by: caller.subject })
      if (isDomainError(groups)) return groups
      const account = fold(serviceAccountDecider, created.appends[0]!.events as ServiceAccountEvent[], state)
      return { ...merged(created, groups), result: liveServiceAccount(account)! }
    }, { scope: idempotency, status: 201, resourceIdOf: (account) => account.id })
    if (isDomainError(written)) return written
    // A replay never shows the token again (it is stored hashed): the account as it is now, without it.
    return answerWith(written, (account) => renderServiceAccount(account, wanted, secret), (accountId) => reloadServiceAccount(deps.services, organizationId, accountId, written.token), 201)
  }),

  operation('apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDPut', async ({ input, caller, meta, now, consistencyTokens, idempotency, deps }) => {
    const { organizationID: organizationId, serviceAccountID: id } = input.params
    const wanted = [...new Set(input.body.spec.groupIDs)]
    const current = await memberGroupIds(deps.services, organizationId, id, consistencyTokens)
    const streamId = serviceAccountStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(serviceAccountDecider, streamId)
      const updated = planUpdateServiceAccount(state, { id, metadata: input.body.metadata, now, by: caller.subject })
      if (isDomainError(updated)) return updated
      const groups = await reconcileGroups(ctx, organizationId, id, current, wanted, { now, by: caller.subject })
      if (isDomainError(groups)) return groups
      const account = fold(serviceAccountDecider, (updated.appends[0]?.events ?? []) as ServiceAccountEvent[], state)
      return { ...merged(updated, groups), result: liveServiceAccount(account)! }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    if (isDomainError(written)) return written
    return answerWith(written, (account) => renderServiceAccount(account, wanted), (accountId) => reloadServiceAccount(deps.services, organizationId, accountId, written.token))
  }),

  operation('apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDDelete', async ({ input, caller, meta, now, consistencyTokens, idempotency, deps }) => {
    const { organizationID: organizationId, serviceAccountID: id } = input.params
    const current = await memberGroupIds(deps.services, organizationId, id, consistencyTokens)
    const streamId = serviceAccountStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(serviceAccountDecider, streamId)
      const account = liveServiceAccount(state)
      if (!account) return notFound('service_account', id)
      const principal = await ctx.load(principalDecider, principalStreamId(organizationId, id))
      const credential = await ctx.load(credentialDecider, credentialStreamId(organizationId, account.credentialId))
      const stored = (await ctx.readState(credentialItemKey(organizationId, account.credentialId))) as CredentialItem | undefined
      const deleted = planDeleteServiceAccount(state, principal.state, credential.state, stored, { id, now, by: caller.subject })
      if (isDomainError(deleted)) return deleted
      const groups = await reconcileGroups(ctx, organizationId, id, current, [], { now, by: caller.subject })
      if (isDomainError(groups)) return groups
      return { ...merged(deleted, groups), result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    if (isDomainError(written)) return written
    // The document says 200 (upstream writes 202; spec §9 #3).
    return answer(written, 200)
  }),

  operation('apiV1OrganizationsOrganizationIDServiceaccountsServiceAccountIDRotatePost', async ({ input, caller, access, meta, now, consistencyTokens, idempotency, deps }) => {
    const { organizationID: organizationId, serviceAccountID: id } = input.params
    if (!isSelf(caller, organizationId, id)) {
      const [decision] = await access.decide(caller, [{ endpoint: 'identity:serviceaccounts', operation: 'update', level: 'organization', organizationId }], consistencyTokens)
      if (decision === 'stale') return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
      if (decision !== 'allow') return permissionDenied('identity:serviceaccounts', 'update')
    }
    const { secret, token } = mintToken(deps, now)
    const streamId = serviceAccountStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(serviceAccountDecider, streamId)
      const account = liveServiceAccount(state)
      if (!account) return notFound('service_account', id)
      const credential = await ctx.load(credentialDecider, credentialStreamId(organizationId, account.credentialId))
      await ctx.load(credentialDecider, credentialStreamId(organizationId, token.credentialId))
      const stored = (await ctx.readState(credentialItemKey(organizationId, account.credentialId))) as CredentialItem | undefined
      const rotated = planRotateServiceAccountToken(state, credential.state, stored, { id, token, now, by: caller.subject })
      if (isDomainError(rotated)) return rotated
      const after = fold(serviceAccountDecider, rotated.appends[0]!.events as ServiceAccountEvent[], state)
      return { ...rotated, result: liveServiceAccount(after)! }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    if (isDomainError(written)) return written
    // A replayed rotation does not rotate again, and the token it issued is not shown again.
    return answerWith(
      written,
      async (account) => renderServiceAccount(account, await memberGroupIds(deps.services, organizationId, id, []), secret),
      (accountId) => reloadServiceAccount(deps.services, organizationId, accountId, written.token),
    )
  }),
)
