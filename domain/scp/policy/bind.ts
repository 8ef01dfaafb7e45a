// Binding policies to identities (users, groups, roles) from either side (UPB, GPB, RPB, PBD-2, and the
// policy_ids of a group's or a role's creation). One binding is two events in one request: `ScpPolicyBound` on
// the policy's stream (the grants' only source, projections/effectiveGrants/scp.ts) and
// `ScpLinksPoliciesAttached` on the identity's `scp-links` stream (so the identity lists its policies and
// cascades by folding its own stream). A role binds exactly like a user: identityType ROLE, identityId = the
// role's principal id, and its grants item then holds `d:<policy>` facts of every policy bound to it.
import { isDomainError, notFound, type DomainError } from '../../core/errors.js'
import type { CommandContext } from '../../core/ports.js'
import { combine, withinOneRequest, writes, type PlannedWrites } from '../../scaleway/plan.js'
import { attachPolicies, detachPolicies } from '../links/decide.js'
import type { IdentityType } from '../links/events.js'
import { evolveLinks, linksDecider, linksStream, type Links } from '../links/evolve.js'
import { decidePolicy } from './decide.js'
import { evolvePolicy, policyDecider, policyStream, type PolicyState } from './evolve.js'
import type { PolicyEvent } from './events.js'
import type { LinksEvent } from '../links/events.js'

export interface BindingChange {
  policyId: string
  identityType: IdentityType
  identityId: string
  bind: boolean
}

/** The streams a set of binding changes reads, as loaded by the shell. */
export interface BindingStates {
  policies: Map<string, PolicyState>
  links: Map<string, Links>
}

export async function loadBindingStates(ctx: Pick<CommandContext, 'load'>, organizationId: string, changes: readonly BindingChange[]): Promise<BindingStates> {
  const policyIds = [...new Set(changes.map((change) => change.policyId))]
  const identityIds = [...new Set(changes.map((change) => change.identityId))]
  const [policies, links] = await Promise.all([
    Promise.all(policyIds.map(async (id) => [id, (await ctx.load(policyDecider, policyStream(organizationId, id))).state] as const)),
    Promise.all(identityIds.map(async (id) => [id, (await ctx.load(linksDecider, linksStream(organizationId, id))).state] as const)),
  ])
  return { policies: new Map(policies), links: new Map(links) }
}

/**
 * The writes of the changes, in order (binding what is bound, or unbinding what is not, changes nothing). The
 * identities must have been checked live by the caller; a policy that does not exist is not found.
 */
export function planBindings(
  organizationId: string,
  states: BindingStates,
  changes: readonly BindingChange[],
  at: string,
  by: string,
): PlannedWrites | DomainError {
  const policies = new Map(states.policies)
  const links = new Map(states.links)
  const parts: PlannedWrites[] = []
  for (const change of changes) {
    const policy = policies.get(change.policyId) ?? { deleted: false }
    const command = { organizationId, id: change.policyId, at, by, identityType: change.identityType, identityIds: [change.identityId] }
    const policyEvents = decidePolicy(policy, change.bind ? { ...command, type: 'BindPolicy' } : { ...command, type: 'UnbindPolicy' })
    if (isDomainError(policyEvents)) return policyEvents.kind === 'not_found' ? notFound('policy', change.policyId) : policyEvents
    const identity = links.get(change.identityId) ?? linksDecider.initialState()
    const target = { organizationId, identityType: change.identityType, identityId: change.identityId }
    const linkEvents = change.bind ? attachPolicies(identity, target, [change.policyId], at) : detachPolicies(identity, [change.policyId], at)
    if (isDomainError(linkEvents)) return linkEvents
    policies.set(change.policyId, policyEvents.reduce<PolicyState>((state, event) => evolvePolicy(state, event as PolicyEvent), policy))
    links.set(change.identityId, linkEvents.reduce<Links>((state, event) => evolveLinks(state, event as LinksEvent), identity))
    parts.push(writes(policyStream(organizationId, change.policyId), policyEvents), writes(linksStream(organizationId, change.identityId), linkEvents))
  }
  const merged = combine(...parts)
  return withinOneRequest({ ...merged, appends: merged.appends.map((append) => ({ ...append, events: mergeRuns(append.events as Array<PolicyEvent | LinksEvent>) })) })
}

/** Consecutive bindings of one stream become one event (one item of the request instead of one per identity). */
function mergeRuns(events: ReadonlyArray<PolicyEvent | LinksEvent>): Array<PolicyEvent | LinksEvent> {
  const out: Array<PolicyEvent | LinksEvent> = []
  for (const event of events) {
    const last = out[out.length - 1]
    if (last?.type === event.type && (event.type === 'ScpPolicyBound' || event.type === 'ScpPolicyUnbound')) {
      const previous = last as typeof event
      if (previous.data.identityType === event.data.identityType) {
        out[out.length - 1] = { ...previous, data: { ...previous.data, identityIds: [...previous.data.identityIds, ...event.data.identityIds] } }
        continue
      }
    }
    if (last?.type === event.type && (event.type === 'ScpLinksPoliciesAttached' || event.type === 'ScpLinksPoliciesDetached')) {
      const previous = last as typeof event
      out[out.length - 1] = { ...previous, data: { ...previous.data, policyIds: [...previous.data.policyIds, ...event.data.policyIds] } } as typeof event
      continue
    }
    out.push(event)
  }
  return out
}
