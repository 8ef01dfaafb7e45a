// The nscale part of an organization's creation (one transaction with the rest): the organization's nscale view,
// and an `administrators` group holding the `administrator` role with a service account in it, whose token is
// shown once as `nscale_token` (the operator's and the tests' way in: `iam organizations create --json`).
// `iam credentials create --surface nscale` issues more such tokens for an existing organization.
import { invalidArgument, isDomainError, notFound, type DomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { normalizeId, type IdGenerator } from '../../domain/core/ids.js'
import type { CommandContext } from '../../domain/core/ports.js'
import { groupNameKey, planCreateGroup, planMemberGroups, type Writes } from '../../domain/nscale/group/decide.js'
import { groupDecider, groupStreamId, liveGroup } from '../../domain/nscale/group/evolve.js'
import { labelFromName, planCreateNscaleOrganization } from '../../domain/nscale/organization/decide.js'
import type { OrganizationSpec } from '../../domain/nscale/organization/events.js'
import { liveNscaleOrganization, nscaleOrganizationDecider, nscaleOrganizationStreamId } from '../../domain/nscale/organization/evolve.js'
import { RBAC_CONFIG } from '../../domain/nscale/rbac/config.js'
import type { ResourceMetadata } from '../../domain/nscale/resourceMetadata.js'
import { planCreateServiceAccount, tokenExpiry } from '../../domain/nscale/serviceAccount/decide.js'
import { newServiceAccountToken } from '../auth/bearer.js'
import type { CommandRunner } from '../store/commandRunner.js'
import { sha256Hex } from '../store/secrets.js'
import type { OrganizationContribution } from './organizations.js'

export const ADMINISTRATORS_GROUP = 'administrators'
const ADMINISTRATOR_ROLE = 'administrator'
/** `createdBy` of what the system creates with an organization. */
export const SYSTEM_SUBJECT = 'system'

export interface NscaleOrganizationOptions {
  metadata?: ResourceMetadata
  spec?: OrganizationSpec
  /** The creator's token subject (`createdBy`); the system's by default. */
  by?: string
  /** Whether to issue the administrator service account and its `nscale_token` (default true). */
  administratorAccount?: boolean
}

export function nscaleOrganizationContribution(options: NscaleOrganizationOptions = {}): OrganizationContribution {
  return (draft, ids) => {
    const by = options.by ?? SYSTEM_SUBJECT
    const organization = planCreateNscaleOrganization({ deleted: false }, {
      id: draft.organizationId,
      metadata: options.metadata ?? { name: labelFromName(draft.name) },
      spec: options.spec ?? { organizationType: 'adhoc' },
      now: draft.now,
      by,
    })
    if (isDomainError(organization)) return organization
    if (options.administratorAccount === false) return organization
    const account = administratorAccount(draft.organizationId, ids, draft.now, by)
    if (isDomainError(account)) return account
    const group = planCreateGroup({ deleted: false }, {
      id: ids.newId(), organizationId: draft.organizationId, metadata: { name: ADMINISTRATORS_GROUP },
      spec: { roleIds: [administratorRoleId()], userIds: [], serviceAccountIds: [account.id] }, now: draft.now, by,
    })
    if (isDomainError(group)) return group
    return { ...merged(organization, group, account.writes), outputs: { nscale_token: account.token } }
  }
}

/** The default contribution (CLI, bootstrap, sign-up). */
export const nscaleOrganization: OrganizationContribution = nscaleOrganizationContribution()

/**
 * A new administrator service account in an existing organization (`iam credentials create --surface nscale`):
 * it joins the `administrators` group, which is created when the organization has none.
 */
export async function planAdministratorToken(
  ctx: Pick<CommandContext, 'load' | 'readState' | 'ids' | 'now'>,
  organizationId: string,
  by = SYSTEM_SUBJECT,
): Promise<{ writes: Writes; token: string; serviceAccountId: string } | DomainError> {
  const account = administratorAccount(organizationId, ctx.ids, ctx.now, by)
  if (isDomainError(account)) return account
  const reservation = await ctx.readState(groupNameKey(organizationId, ADMINISTRATORS_GROUP))
  const existing = typeof reservation?.owner === 'string' ? reservation.owner : undefined
  if (existing) {
    const { state } = await ctx.load(groupDecider, groupStreamId(organizationId, existing))
    if (liveGroup(state)?.roleIds.includes(administratorRoleId())) {
      const joined = planMemberGroups(new Map([[existing, state]]), { kind: 'serviceAccount', id: account.id }, [existing], { now: ctx.now, by })
      if (isDomainError(joined)) return joined
      return { writes: merged(account.writes, joined), token: account.token, serviceAccountId: account.id }
    }
  }
  const groupId = ctx.ids.newId()
  const name = existing ? `${ADMINISTRATORS_GROUP}-${groupId.slice(-8)}` : ADMINISTRATORS_GROUP
  const group = planCreateGroup({ deleted: false }, {
    id: groupId, organizationId, metadata: { name },
    spec: { roleIds: [administratorRoleId()], userIds: [], serviceAccountIds: [account.id] }, now: ctx.now, by,
  })
  if (isDomainError(group)) return group
  return { writes: merged(account.writes, group), token: account.token, serviceAccountId: account.id }
}

function administratorAccount(organizationId: string, ids: IdGenerator, now: Date, by: string) {
  const id = ids.newId()
  const token = newServiceAccountToken()
  const writes = planCreateServiceAccount({ deleted: false }, {
    id,
    organizationId,
    metadata: { name: `administrator-${id.slice(-8)}` },
    token: { credentialId: ids.newId(), secretHash: sha256Hex(token), expiresAt: tokenExpiry(now) },
    now,
    by,
  })
  if (isDomainError(writes)) return writes
  return { id, token, writes }
}

function administratorRoleId(): string {
  const role = RBAC_CONFIG.byName.get(ADMINISTRATOR_ROLE)
  if (!role) throw new Error(`roles.json has no ${ADMINISTRATOR_ROLE} role`)
  return role.id
}

function merged(...parts: Writes[]): Writes {
  return { appends: parts.flatMap((part) => part.appends), extras: parts.flatMap((part) => part.extras) }
}

/** `iam credentials create --surface nscale`: a new administrator token for an existing organization. */
export async function issueNscaleAdministratorToken(
  deps: { runner: CommandRunner; ids: IdGenerator },
  organization: string,
): Promise<{ organizationId: string; serviceAccountId: string; token: string } | DomainError> {
  const organizationId = normalizeId(organization)
  if (!organizationId) return invalidArgument('organization', 'the organization id must be a UUID', 'format')
  const outcome = await deps.runner.run({
    serializeOn: [nscaleOrganizationStreamId(organizationId)],
    meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'iam-cli', surface: 'system' },
    plan: async (ctx) => {
      const { state } = await ctx.load(nscaleOrganizationDecider, nscaleOrganizationStreamId(organizationId))
      if (!liveNscaleOrganization(state)) return notFound('organization', organizationId)
      const planned = await planAdministratorToken(ctx, organizationId)
      if (isDomainError(planned)) return planned
      return { ...planned.writes, result: { token: planned.token, serviceAccountId: planned.serviceAccountId } }
    },
  })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed) throw new Error('an administrator token was replayed')
  return { organizationId, ...outcome.result }
}
