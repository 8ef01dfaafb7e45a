// Reading and rendering SCP policies, groups and members (spec §2.8, §2.10, §2.35). Reads by id fold the
// aggregates' own streams (DESIGN §5), so they reflect every acknowledged write. Timestamps are rendered
// `YYYY-MM-DDTHH:MM:SSZ` (decision §6.52); denormalised names and e-mails are `-` when unknown (§6.53).
import { fold, type Decider } from '../../../../domain/core/decider.js'
import type { Id } from '../../../../domain/core/ids.js'
import { groupDecider, groupStream, liveGroup, type Group } from '../../../../domain/scp/group/evolve.js'
import { linksDecider, linksStream, type Links } from '../../../../domain/scp/links/evolve.js'
import { livePolicy, policyDecider, policyStream, type Policy } from '../../../../domain/scp/policy/evolve.js'
import { userDecider, userStream } from '../../../../domain/scaleway/user/evolve.js'
import type { ScpServices } from '../deps.js'
import { iamSrn } from '../srn.js'

export const UNKNOWN = '-'
export const SERVICE_NAME = 'Identity Access Management'
export const DOMAIN_NAME = 'scp'

export function wireTime(iso: string): string
export function wireTime(iso: string | null | undefined): string | null
export function wireTime(iso: string | null | undefined): string | null {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : null
}

/** Folds several streams of one aggregate type in one read; absent ones fold to the initial state. */
export async function foldAll<S>(services: Pick<ScpServices, 'store'>, decider: Decider<S, any>, streamIds: readonly string[]): Promise<S[]> {
  if (streamIds.length === 0) return []
  const loaded = await services.store.load([...new Set(streamIds)])
  return streamIds.map((id) => fold(decider, (loaded.get(id) ?? []) as never))
}

export async function loadPolicies(services: Pick<ScpServices, 'store'>, organizationId: Id, ids: readonly string[]): Promise<Map<string, Policy>> {
  const states = await foldAll(services, policyDecider, ids.map((id) => policyStream(organizationId, id)))
  return new Map(states.flatMap((state) => (livePolicy(state) ? [[state.policy!.id, state.policy!] as const] : [])))
}

export async function loadGroups(services: Pick<ScpServices, 'store'>, organizationId: Id, ids: readonly string[]): Promise<Map<string, Group>> {
  const states = await foldAll(services, groupDecider, ids.map((id) => groupStream(organizationId, id)))
  return new Map(states.flatMap((state) => (liveGroup(state) ? [[state.group!.id, state.group!] as const] : [])))
}

export async function loadLinks(services: Pick<ScpServices, 'store'>, organizationId: Id, identityId: string): Promise<Links> {
  const [links] = await foldAll(services, linksDecider, [linksStream(organizationId, identityId)])
  return links!
}

/** What the SCP surface shows of a person (a creator, a modifier, a member). */
export interface PersonCard {
  name: string
  email: string
  createdAt: string | null
  lastLoginAt: string | null
}

/**
 * Names and e-mails of the given principals, from their user profiles (an SCP account user is the organization's
 * user, domain/scaleway/user); `-` for what is unknown (a role, a system actor, a deleted user). The name is
 * "last first" as SCP shows it ("Kim Samsung"), else the username.
 */
export async function loadPeople(services: Pick<ScpServices, 'store'>, organizationId: Id, ids: readonly string[]): Promise<Map<string, PersonCard>> {
  const people = ids.filter((id) => /^[0-9a-f]{32}$/.test(id))
  const states = await foldAll(services, userDecider, people.map((id) => userStream(organizationId, id)))
  return new Map(people.map((id, index) => {
    const user = states[index]!.user
    if (!user) return [id, personOf(new Map(), id)]
    const name = [user.lastName, user.firstName].filter((part) => part !== '').join(' ') || user.username || UNKNOWN
    return [id, { name, email: user.email || UNKNOWN, createdAt: user.createdAt, lastLoginAt: user.lastLoginAt ?? null }]
  }))
}

export function personOf(people: ReadonlyMap<string, PersonCard>, id: string): PersonCard {
  return people.get(id) ?? { name: UNKNOWN, email: UNKNOWN, createdAt: null, lastLoginAt: null }
}

export function renderPolicy(policy: Policy, people: ReadonlyMap<string, PersonCard>, srnEnv: string) {
  const creator = personOf(people, policy.createdBy)
  const modifier = personOf(people, policy.modifiedBy)
  return {
    account_id: policy.organizationId,
    created_at: wireTime(policy.createdAt),
    created_by: policy.createdBy,
    creator_email: creator.email,
    creator_name: creator.name,
    default_version_id: policy.defaultVersionId,
    description: policy.description,
    domain_name: DOMAIN_NAME,
    id: policy.id,
    modified_at: wireTime(policy.modifiedAt),
    modified_by: policy.modifiedBy,
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    policy_category: policy.category,
    policy_name: policy.name,
    policy_type: policy.type,
    policy_versions: policy.versions.map((version) => ({
      created_at: wireTime(version.createdAt),
      created_by: version.createdBy,
      id: version.id,
      modified_at: wireTime(version.createdAt),
      modified_by: version.createdBy,
      policy_document: version.document,
      policy_id: policy.id,
      policy_version_name: version.name,
    })),
    resource_type: 'policy',
    service_name: SERVICE_NAME,
    service_type: policy.serviceType,
    srn: iamSrn(srnEnv, policy.organizationId, 'policy', policy.id),
    state: 'ACTIVE',
  }
}

export type PolicyView = ReturnType<typeof renderPolicy>

/** The people a set of policies and groups names (creators, modifiers, members, who added them). */
export function peopleOf(policies: readonly Policy[], groups: readonly Group[] = []): string[] {
  const ids = new Set<string>()
  for (const item of [...policies, ...groups]) ids.add(item.createdBy).add(item.modifiedBy)
  for (const group of groups) for (const member of group.members) ids.add(member.userId).add(member.addedBy)
  return [...ids]
}

export async function renderPolicies(services: Pick<ScpServices, 'store' | 'srnEnv'>, organizationId: Id, policies: readonly Policy[]): Promise<PolicyView[]> {
  const people = await loadPeople(services, organizationId, peopleOf(policies))
  return policies.map((policy) => renderPolicy(policy, people, services.srnEnv))
}

/** The event store as the domain's loader (`ctx.load` outside a command), for reads by id. */
export function storeLoader(services: Pick<ScpServices, 'store'>) {
  return {
    async load<S>(decider: Decider<S, any>, streamId: string): Promise<{ state: S; version: number }> {
      const events = (await services.store.load([streamId])).get(streamId) ?? []
      return { state: fold(decider, events as never), version: events.length }
    },
  }
}
