// Onboarding (spec §5.6): a person the upstream signed in, whom no organization knows, creates an `adhoc`
// organization of their own. One transaction through createOrganization with every registered contribution
// (the CLI's), except that no credential is issued (the owner's API and access keys, the nscale administrator
// service account: nobody would receive them; the person signs in through the provider): instead a group named by
// the person holds the requested roles (by name, protected ones dropped) and the person's membership, active at
// once, or pending while the onboarding webhook (IAM_NSCALE_ONBOARDING_WEBHOOK_URL) is told and answers 201.
import { invalidArgument, isDomainError, type DomainError } from '../../domain/core/errors.js'
import { toUuid } from '../../domain/core/ids.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { principalDecider, principalStreamId } from '../../domain/core/principal/evolve.js'
import { planCreateGroup } from '../../domain/nscale/group/decide.js'
import { labelFromName } from '../../domain/nscale/organization/decide.js'
import { RBAC_CONFIG, type RbacConfig } from '../../domain/nscale/rbac/config.js'
import { planCreateUser, planUpdateUser } from '../../domain/nscale/user/decide.js'
import { userDecider, userStreamId } from '../../domain/nscale/user/evolve.js'
import type { CommandRunner } from '../store/commandRunner.js'
import { nscaleOrganization, nscaleOrganizationContribution } from '../core/nscaleContributions.js'
import { organizationContributions } from '../core/organizationContributions.js'
import { organizationDeletionStreams, planOrganizationDeletion } from '../core/organizationDeletion.js'
import { createOrganization, type CreateOrganizationDeps, type OrganizationContribution } from '../core/organizations.js'

export const DEFAULT_ONBOARD_ROLES = ['administrator']
const NAME_MAX = 63
const DESCRIPTION_MAX = 2048

export interface OnboardRequest {
  email: string
  organizationName: string
  organizationDescription?: string
  groupName: string
  groupDescription?: string
  /** Role names; the default role when empty. */
  roles: string[]
  /** The membership starts pending (the webhook must agree first). */
  pending?: boolean
}

export interface Onboarded {
  organizationId: string
  /** The organization's name as the API shows it (metadata.name). */
  organizationName: string
  /** The person's membership (the API "user"). */
  userId: string
}

/** The person as the upstream ID token describes them (spec §5.5 onboarding query). */
export interface OnboardingProfile {
  username?: string
  forename?: string
  surname?: string
}

/** The onboarding webhook's body (spec §5.6 step 4); ids in UUID form. */
export interface OnboardingNotice {
  email: string
  username: string
  forename?: string
  surname?: string
  organizationID: string
  organizationName: string
  organizationUserID: string
}

export const ONBOARDING_WEBHOOK_TIMEOUT_MS = 10_000

/** The form `onboardRequestOptions` (spec §9 #22: `roles` repeated or space-separated), or what is wrong with it. */
export function onboardOptions(form: URLSearchParams): Omit<OnboardRequest, 'email'> | DomainError {
  const text = (name: string) => form.get(name)?.trim() ?? ''
  const organizationName = text('organization_name')
  const groupName = text('group_name')
  if (!organizationName || organizationName.length > NAME_MAX) return invalidArgument('organization_name', `organization_name is required (at most ${NAME_MAX} characters)`, 'required')
  if (!groupName || groupName.length > NAME_MAX) return invalidArgument('group_name', `group_name is required (at most ${NAME_MAX} characters)`, 'required')
  const organizationDescription = text('organization_description')
  const groupDescription = text('group_description')
  if (organizationDescription.length > DESCRIPTION_MAX || groupDescription.length > DESCRIPTION_MAX) {
    return invalidArgument('description', `descriptions are at most ${DESCRIPTION_MAX} characters`, 'format')
  }
  const roles = form.getAll('roles').flatMap((value) => value.split(/\s+/)).filter(Boolean)
  return {
    organizationName,
    groupName,
    roles,
    ...(organizationDescription ? { organizationDescription } : {}),
    ...(groupDescription ? { groupDescription } : {}),
  }
}

/** Role ids by name, unknown and protected roles dropped; the default role when none is left. */
export function onboardRoleIds(names: readonly string[], config: RbacConfig = RBAC_CONFIG): string[] {
  const pick = (wanted: readonly string[]) =>
    [...new Set(wanted)].flatMap((name) => {
      const role = config.byName.get(name)
      return role && !role.protected ? [role.id] : []
    })
  const chosen = pick(names)
  return chosen.length > 0 ? chosen : pick(DEFAULT_ONBOARD_ROLES)
}

function onboardedMember(request: OnboardRequest, userId: string): OrganizationContribution {
  return (draft, ids) => {
    const by = request.email
    const user = planCreateUser({ deleted: false }, {
      id: userId, organizationId: draft.organizationId, subject: request.email, state: request.pending ? 'pending' : 'active', now: draft.now, by,
    })
    if (isDomainError(user)) return user
    const group = planCreateGroup({ deleted: false }, {
      id: ids.newId(),
      organizationId: draft.organizationId,
      metadata: { name: labelFromName(request.groupName), ...(request.groupDescription ? { description: request.groupDescription } : {}) },
      spec: { roleIds: onboardRoleIds(request.roles), userIds: [userId], serviceAccountIds: [] },
      now: draft.now,
      by,
    })
    if (isDomainError(group)) return group
    return { appends: [...user.appends, ...group.appends], extras: [...user.extras, ...group.extras] }
  }
}

export async function onboardPerson(
  deps: Omit<CreateOrganizationDeps, 'contributions'>,
  request: OnboardRequest,
  meta: RequestMeta,
): Promise<Onboarded | DomainError> {
  const organizationName = labelFromName(request.organizationName)
  const userId = deps.ids.newId()
  const nscalePart = nscaleOrganizationContribution({
    metadata: { name: organizationName, ...(request.organizationDescription ? { description: request.organizationDescription } : {}) },
    spec: { organizationType: 'adhoc' },
    by: request.email,
    administratorAccount: false,
  })
  const contributions = [...organizationContributions.filter((part) => part !== nscaleOrganization), nscalePart, onboardedMember(request, userId)]
  const created = await createOrganization(
    { ...deps, contributions },
    { name: request.organizationName, owner: { email: request.email }, meta, ownerCredentials: false },
  )
  return isDomainError(created) ? created : { organizationId: created.organizationId, organizationName, userId }
}

/** The pending membership of an onboarded person becomes active (the user decide, as `PUT users` does). */
export async function activateOnboardedMember(runner: CommandRunner, onboarded: Onboarded, meta: RequestMeta): Promise<true | DomainError> {
  const { organizationId, userId } = onboarded
  const streamId = userStreamId(organizationId, userId)
  const outcome = await runner.run<true>({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(userDecider, streamId)
      const principal = await ctx.load(principalDecider, principalStreamId(organizationId, userId))
      const writes = planUpdateUser(state, principal.state, { id: userId, state: 'active', now: ctx.now, by: meta.actor.id })
      return isDomainError(writes) ? writes : { ...writes, result: true }
    },
  })
  return outcome.ok ? true : outcome.error
}

/**
 * The webhook refused an onboarding: its organization is deleted (the tenant's tombstone, as the API's delete), so
 * no organization is left whose only member can never act, and the person may onboard again.
 */
export async function abandonOnboardedOrganization(runner: CommandRunner, onboarded: Onboarded, meta: RequestMeta): Promise<true | DomainError> {
  const id = onboarded.organizationId
  const outcome = await runner.run<true>({
    serializeOn: organizationDeletionStreams(id),
    meta,
    plan: async (ctx) => {
      const writes = await planOrganizationDeletion(ctx, id, { now: ctx.now, by: meta.actor.id })
      return isDomainError(writes) ? writes : { ...writes, result: true }
    },
  })
  return outcome.ok ? true : outcome.error
}

export function onboardingNotice(email: string, profile: OnboardingProfile, onboarded: Onboarded): OnboardingNotice {
  return {
    email,
    username: profile.username ?? email,
    ...(profile.forename ? { forename: profile.forename } : {}),
    ...(profile.surname ? { surname: profile.surname } : {}),
    organizationID: toUuid(onboarded.organizationId),
    organizationName: onboarded.organizationName,
    organizationUserID: toUuid(onboarded.userId),
  }
}

/**
 * Tells the onboarding webhook (spec §5.6 step 4): JSON, the optional bearer token, 10 s at most. Only a 201 agrees;
 * anything else, or no answer, is a refusal (the caller redirects `server_error`, the membership stays pending).
 */
export async function callOnboardingWebhook(webhook: { url: string; token?: string }, notice: OnboardingNotice): Promise<boolean> {
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(webhook.token ? { authorization: `Bearer ${webhook.token}` } : {}) },
      body: JSON.stringify(notice),
      redirect: 'manual',
      signal: AbortSignal.timeout(ONBOARDING_WEBHOOK_TIMEOUT_MS),
    })
    await response.body?.cancel()
    return response.status === 201
  } catch {
    return false
  }
}
