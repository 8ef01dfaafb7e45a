// Where the effective-grants projection keeps its items (scope = organization id, DESIGN §3):
//   principal/<id>   grants      the grants item: map `facts` of versioned entries (facts.ts); the check reads it
//   group/<G>        mem/<id>    a member fact of group G (map `membership`, entry <id>, group stream version)
//   group/<G>        pol/<P>     a policy attached to group G (map `attachment`, entry <P>, policy stream version)
//   policy/<P>       state       policy P's folded grant state (scaleway.ts), so each event knows what it replaces
//   policy/<P>       cp@<pv>     policy P's compiled statements as of stream version pv (immutable, compiled.ts)
// One partition per principal and per group keeps hot keys apart.
import type { ModelKey } from '../contract.js'

export const EFFECTIVE_GRANTS = 'effectiveGrants'

/** Map attributes holding versioned entries (`{version, value}`, value null = off). */
export const FACTS = 'facts'
export const MEMBERSHIP = 'membership'
export const ATTACHMENT = 'attachment'

export const MEMBER_PREFIX = 'mem/'
export const ATTACHMENT_PREFIX = 'pol/'

export function grantsKey(organizationId: string, principalId: string): ModelKey {
  return { scope: organizationId, partition: `principal/${principalId}`, sort: 'grants' }
}

export function groupPartition(groupId: string): string {
  return `group/${groupId}`
}

export function memberKey(organizationId: string, groupId: string, principalId: string): ModelKey {
  return { scope: organizationId, partition: groupPartition(groupId), sort: `${MEMBER_PREFIX}${principalId}` }
}

export function attachmentKey(organizationId: string, groupId: string, policyId: string): ModelKey {
  return { scope: organizationId, partition: groupPartition(groupId), sort: `${ATTACHMENT_PREFIX}${policyId}` }
}

export function policyStateKey(organizationId: string, policyId: string): ModelKey {
  return { scope: organizationId, partition: `policy/${policyId}`, sort: 'state' }
}

export function compiledPolicyKey(organizationId: string, policyId: string, policyVersion: number): ModelKey {
  return { scope: organizationId, partition: `policy/${policyId}`, sort: `cp@${policyVersion}` }
}
