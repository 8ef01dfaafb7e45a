// Plans of the policy commands: the policy's events, the quota, and the link the principal keeps on its own
// stream (links.ts), so that deleting the principal can detach the policy in the same request.
import { isDomainError, notFound, type DomainError } from '../../core/errors.js'
import { combine, writes, type PlannedWrites } from '../plan.js'
import { linkProfile, unlinkProfile, type Profile } from '../profiles.js'
import { consumeQuota, releaseQuota, type QuotaOverrides } from '../quota/quota.js'
import { clonePolicy, decidePolicy, type PolicyCommand } from './decide.js'
import type { PolicyPrincipal } from './events.js'
import { livePolicy, policyStream, type PolicyState } from './evolve.js'

export function planCreatePolicy(
  principal: Profile | undefined,
  command: Extract<PolicyCommand, { type: 'CreatePolicy' }>,
): PlannedWrites | DomainError {
  const events = decidePolicy({ deleted: false }, command)
  if (!Array.isArray(events)) return events
  const link = attach(command, principal)
  if (isDomainError(link)) return link
  return combine(writes(policyStream(command.organizationId, command.id), events, [consumeQuota(command.organizationId, 'policies', command.quota)]), link)
}

/** `previous` and `next` are the profiles of the current principal and of the principal the update names. */
export function planUpdatePolicy(
  state: PolicyState,
  principals: { previous?: Profile; next?: Profile },
  command: Extract<PolicyCommand, { type: 'UpdatePolicy' }>,
): PlannedWrites | DomainError {
  const events = decidePolicy(state, command)
  if (!Array.isArray(events)) return events
  const policyWrites = writes(policyStream(command.organizationId, command.id), events)
  if (!events.some((event) => event.type === 'ScwPolicyPrincipalChanged')) return policyWrites
  const link = attach({ ...command, principal: command.principal! }, principals.next)
  if (isDomainError(link)) return link
  return combine(policyWrites, detach(command, principals.previous), link)
}

export function planSetRules(state: PolicyState, command: Extract<PolicyCommand, { type: 'SetRules' }>): PlannedWrites | DomainError {
  const events = decidePolicy(state, command)
  if (!Array.isArray(events)) return events
  return writes(policyStream(command.organizationId, command.id), events)
}

export function planDeletePolicy(
  state: PolicyState,
  principal: Profile | undefined,
  command: Extract<PolicyCommand, { type: 'DeletePolicy' }>,
): PlannedWrites | DomainError {
  const events = decidePolicy(state, command)
  if (!Array.isArray(events)) return events
  return combine(
    writes(policyStream(command.organizationId, command.id), events, [releaseQuota(command.organizationId, 'policies')]),
    detach(command, principal),
  )
}

/** The clone is attached to no principal, so only its own stream and the quota change. */
export function planClonePolicy(
  source: PolicyState,
  command: { organizationId: string; id: string; cloneId: string; ruleIds: string[]; quota?: QuotaOverrides; at: string },
): PlannedWrites | DomainError {
  const events = clonePolicy(source, command)
  if (!Array.isArray(events)) return events
  return writes(policyStream(command.organizationId, command.cloneId), events, [consumeQuota(command.organizationId, 'policies', command.quota)])
}

/** The number of new rule ids a clone needs. */
export function ruleCount(state: PolicyState): number {
  return livePolicy(state)?.rules.length ?? 0
}

function attach(command: { organizationId: string; id: string; principal: PolicyPrincipal | undefined }, profile: Profile | undefined): PlannedWrites | DomainError {
  const principal = command.principal
  if (!principal || principal.kind === 'none') return { appends: [], extras: [] }
  if (!profile || profile.kind !== principal.kind || profile.id !== principal.id) return notFound(principal.kind, principal.id)
  return linkProfile(command.organizationId, profile, { link: 'policy', id: command.id })
}

function detach(command: { organizationId: string; id: string }, profile: Profile | undefined): PlannedWrites {
  return profile ? unlinkProfile(command.organizationId, profile, { link: 'policy', id: command.id }) : { appends: [], extras: [] }
}
