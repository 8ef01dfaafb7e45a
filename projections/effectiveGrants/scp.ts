// SCP's part of the effective grants. An SCP identity policy is bound to any number of users, groups and roles
// (`ScpPolicyBound`/`ScpPolicyUnbound` on the POLICY's stream, domain/scp/policy/bind.ts), so every fact it grants
// is guarded by the policy stream's version, like Scaleway's:
//   user or role U bound to P    → d:<P> = {pv} on U's grants item (a role is a principal of kind `role`)
//   group G bound to P           → the group attachment, fanned out to G's members as gp:<G>@<e>/<P>
//   SCP group membership         → g:<G> (group stream version), exactly like Scaleway's groups
// `pv` is the policy stream version of the event that added the DEFAULT version's document: every added version
// is compiled once into its immutable `cp@<pv>` item, so switching the default back to an older version only
// re-points the holders' facts. The policy's folded grant state (`policy/<P> state`) remembers versions and holders,
// so each event's changes follow from that state and the event alone (re-applying an event writes the same facts).
import type { StoredEvent } from '../../domain/core/events.js'
import { parseStreamId } from '../../domain/core/events.js'
import type { IdentityType } from '../../domain/scp/links/events.js'
import type { GroupEvent } from '../../domain/scp/group/events.js'
import { SCP_GROUP } from '../../domain/scp/group/evolve.js'
import type { PolicyEvent } from '../../domain/scp/policy/events.js'
import { SCP_POLICY } from '../../domain/scp/policy/evolve.js'
import { compilePolicyDocument, type PolicyDocument } from '../../domain/scp/policyDocument/index.js'
import type { ProjectionIO } from '../contract.js'
import { applyChanges } from './apply.js'
import type { Grant, GrantsChange } from './changes.js'
import { encodeStatements } from './compiled.js'
import { policyStateKey } from './keys.js'

export const SCP_GRANT_SOURCES = [SCP_GROUP, SCP_POLICY] as const

/** Membership changes of an SCP group event. */
export function scpGroupChanges(event: StoredEvent): GrantsChange[] {
  const groupId = parseStreamId(event.streamId).aggregateId
  const version = event.version
  const typed = event as unknown as GroupEvent
  switch (typed.type) {
    case 'ScpGroupMembersAdded':
    case 'ScpGroupMembersRemoved': {
      const member = typed.type === 'ScpGroupMembersAdded'
      return typed.data.userIds.map((principalId) => ({ kind: 'membership', groupId, principalId, version, member }))
    }
    case 'ScpGroupDeleted':
      return [{ kind: 'groupDeleted', groupId, version }]
    default:
      return []
  }
}

export function isScpPolicyEvent(event: StoredEvent): boolean {
  return parseStreamId(event.streamId).aggregateType === SCP_POLICY
}

/** What the grants need of an SCP policy, folded from its stream. */
export interface ScpPolicyGrantState {
  [attribute: string]: unknown
  /** The stream version this state is as of. */
  version: number
  /** Stream version of the default version's document (0: none yet). */
  pv: number
  /** Version id → stream version of its document. */
  versions: Record<string, number>
  /** `<identityType>/<id>` of every identity the policy is bound to (kept after deletion, which unbinds them all). */
  holders: string[]
  live: boolean
}

const holderKey = (identityType: IdentityType, id: string): string => `${identityType}/${id}`

/** The state after `event`, or undefined when the event changes nothing the grants depend on. */
export function scpPolicyStep(state: ScpPolicyGrantState | undefined, event: StoredEvent): ScpPolicyGrantState | undefined {
  const typed = event as unknown as PolicyEvent
  const version = event.version
  if (typed.type === 'ScpPolicyCreated') return { version, pv: 0, versions: {}, holders: [], live: true }
  if (!state) return undefined
  switch (typed.type) {
    case 'ScpPolicyVersionAdded':
      return { ...state, version, versions: { ...state.versions, [typed.data.versionId]: version } }
    case 'ScpPolicyDefaultVersionSet':
      return { ...state, version, pv: state.versions[typed.data.versionId] ?? state.pv }
    case 'ScpPolicyBound': {
      const added = typed.data.identityIds.map((id) => holderKey(typed.data.identityType, id)).filter((key) => !state.holders.includes(key))
      return { ...state, version, holders: [...state.holders, ...added] }
    }
    case 'ScpPolicyUnbound': {
      const removed = new Set(typed.data.identityIds.map((id) => holderKey(typed.data.identityType, id)))
      return { ...state, version, holders: state.holders.filter((key) => !removed.has(key)) }
    }
    case 'ScpPolicyDeleted':
      return { ...state, version, live: false }
    default:
      return undefined
  }
}

/** The changes of the policy event that produced `state`: a compiled version first, then the holders' facts. */
export function scpPolicyChanges(organizationId: string, policyId: string, state: ScpPolicyGrantState, event: StoredEvent): GrantsChange[] {
  const typed = event as unknown as PolicyEvent
  const version = state.version
  const granted: Grant = state.live && state.pv > 0 ? { pv: state.pv } : null
  const toHolders = (keys: readonly string[], grant: Grant) => keys.map((key) => holderChange(key, policyId, version, grant))
  switch (typed.type) {
    case 'ScpPolicyVersionAdded': {
      const statements = compilePolicyDocument(typed.data.document as unknown as PolicyDocument, { accountId: organizationId, policyId, policyVersion: version })
      return [{ kind: 'compiled', policyId, policyVersion: version, model: encodeStatements(statements) }]
    }
    case 'ScpPolicyDefaultVersionSet':
    case 'ScpPolicyDeleted':
      return toHolders(state.holders, granted)
    case 'ScpPolicyBound':
      return toHolders(typed.data.identityIds.map((id) => holderKey(typed.data.identityType, id)), granted)
    case 'ScpPolicyUnbound':
      return toHolders(typed.data.identityIds.map((id) => holderKey(typed.data.identityType, id)), null)
    default:
      return []
  }
}

function holderChange(key: string, policyId: string, version: number, grant: Grant): GrantsChange {
  const slash = key.indexOf('/')
  const identityType = key.slice(0, slash) as IdentityType
  const id = key.slice(slash + 1)
  return identityType === 'GROUP'
    ? { kind: 'groupPolicy', groupId: id, policyId, version, grant }
    : { kind: 'direct', principalId: id, policyId, version, grant }
}

/** Applies one SCP policy event: fold its grant state, then write what it changed (see projection.ts). */
export async function applyScpPolicyEvent(io: ProjectionIO, event: StoredEvent): Promise<void> {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  let folded: ScpPolicyGrantState | undefined
  await io.modify([policyStateKey(organizationId, aggregateId)], (current) => {
    const stored = current as ScpPolicyGrantState | undefined
    if (stored && stored.version >= event.version) {
      folded = stored.version === event.version ? stored : undefined
      return undefined
    }
    folded = scpPolicyStep(stored, event)
    return folded
  })
  if (folded) await applyChanges(io, organizationId, scpPolicyChanges(organizationId, aggregateId, folded, event))
}
