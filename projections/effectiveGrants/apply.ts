// Changes → writes through the projection's own I/O. Every write is a versioned entry (idempotent, commutative)
// or an if-absent put, so an event may be applied again after a crash, and streams may run concurrently.
//
// Group policies fan out to members. A join and an attachment of the same group always meet: each writes its
// own auxiliary fact first (mem/<M> or pol/<P>), then reads the other side consistently, so at least one of
// the two sees the other and writes the member's entry. A join writes the member's group-policy entries
// before its membership fact, so a member never holds a group through entries older than the join.
import type { Model, ModelChange, ModelKey, ProjectionIO } from '../contract.js'
import type { Grant, GrantsChange } from './changes.js'
import { directFact, groupPolicyFact, memberFact, OWNER_FACT, staleGroupEntries, type FactEntry, type Facts } from './facts.js'
import {
  ATTACHMENT, ATTACHMENT_PREFIX, attachmentKey, compiledPolicyKey, FACTS, grantsKey, groupPartition, MEMBER_PREFIX, memberKey, MEMBERSHIP,
} from './keys.js'

/** Entries handed to one `io.write` (it batches and bounds its own concurrency). */
const FAN_OUT_CHUNK = 256
/** Members joining or leaving at once. */
const MEMBERS_IN_FLIGHT = 16

/** In order, except that the members one event adds or removes are independent and applied concurrently. */
export async function applyChanges(io: ProjectionIO, organizationId: string, changes: readonly GrantsChange[]): Promise<void> {
  const memberships = changes.filter((change) => change.kind === 'membership')
  if (memberships.length === changes.length) return inChunks(memberships, (change) => applyChange(io, organizationId, change))
  for (const change of changes) await applyChange(io, organizationId, change)
}

async function applyChange(io: ProjectionIO, org: string, change: GrantsChange): Promise<void> {
  switch (change.kind) {
    case 'compiled':
      await io.write([{ kind: 'put', key: compiledPolicyKey(org, change.policyId, change.policyVersion), model: change.model, ifAbsent: true }])
      return
    case 'owner':
      await io.write([fact(org, change.principalId, OWNER_FACT, change.owner ? {} : null, change.version)])
      return
    case 'direct':
      await io.write([fact(org, change.principalId, directFact(change.policyId), change.grant, change.version)])
      return
    case 'membership':
      await (change.member ? join(io, org, change.groupId, change.principalId, change.version) : leave(io, org, change.groupId, change.principalId, change.version))
      return
    case 'groupDeleted': {
      const members = await currentMembers(io, org, change.groupId)
      await inChunks(members, (member) => leave(io, org, change.groupId, member.principalId, change.version))
      return
    }
    case 'groupPolicy':
      await attach(io, org, change.groupId, change.policyId, change.grant, change.version)
  }
}

async function join(io: ProjectionIO, org: string, groupId: string, principalId: string, version: number): Promise<void> {
  await io.write([entry(memberKey(org, groupId, principalId), MEMBERSHIP, principalId, {}, version)])
  const attachments = await io.query(org, groupPartition(groupId), { sortPrefix: ATTACHMENT_PREFIX })
  const inherited = attachments.flatMap(({ model }) => versioned(model, ATTACHMENT))
  await write(io, inherited.map(({ name, entry: attached }) => fact(org, principalId, groupPolicyFact(groupId, version, name), attached.value, attached.version)))
  const [joined] = await io.write([fact(org, principalId, memberFact(groupId), {}, version)])
  // Superseded (a later leave is stored): the entries just written belong to a dead membership.
  if (joined === 'skipped') await removeStaleEntries(io, org, principalId, groupId)
}

async function leave(io: ProjectionIO, org: string, groupId: string, principalId: string, version: number): Promise<void> {
  await io.write([entry(memberKey(org, groupId, principalId), MEMBERSHIP, principalId, null, version)])
  await io.write([fact(org, principalId, memberFact(groupId), null, version)])
  await removeStaleEntries(io, org, principalId, groupId)
}

async function attach(io: ProjectionIO, org: string, groupId: string, policyId: string, grant: Grant, version: number): Promise<void> {
  await io.write([entry(attachmentKey(org, groupId, policyId), ATTACHMENT, policyId, grant, version)])
  const members = await currentMembers(io, org, groupId)
  await write(io, members.map((member) => fact(org, member.principalId, groupPolicyFact(groupId, member.since, policyId), grant, version)))
}

/** Leaving a group removes its entries (DESIGN §6); only entries that can never be effective again go. */
async function removeStaleEntries(io: ProjectionIO, org: string, principalId: string, groupId: string): Promise<void> {
  await io.modify([grantsKey(org, principalId)], (current) => {
    const facts = current?.[FACTS] as Facts | undefined
    const stale = staleGroupEntries(facts, groupId)
    if (!current || stale.length === 0) return undefined
    const kept = { ...facts }
    for (const name of stale) delete kept[name]
    return { ...current, [FACTS]: kept }
  })
}

async function currentMembers(io: ProjectionIO, org: string, groupId: string): Promise<Array<{ principalId: string; since: number }>> {
  const items = await io.query(org, groupPartition(groupId), { sortPrefix: MEMBER_PREFIX })
  return items.flatMap(({ model }) => versioned(model, MEMBERSHIP).filter(({ entry: member }) => member.value !== null))
    .map(({ name, entry: member }) => ({ principalId: name, since: member.version }))
}

function versioned(model: Model, map: string): Array<{ name: string; entry: FactEntry }> {
  const entries = (model[map] ?? {}) as Record<string, FactEntry>
  return Object.entries(entries).map(([name, value]) => ({ name, entry: value }))
}

function fact(org: string, principalId: string, name: string, value: FactEntry['value'], version: number): ModelChange {
  return entry(grantsKey(org, principalId), FACTS, name, value, version)
}

function entry(key: ModelKey, map: string, name: string, value: FactEntry['value'], version: number): ModelChange {
  return { kind: 'setEntry', key, map, entry: name, value, version }
}

async function write(io: ProjectionIO, changes: ModelChange[]): Promise<void> {
  for (let start = 0; start < changes.length; start += FAN_OUT_CHUNK) await io.write(changes.slice(start, start + FAN_OUT_CHUNK))
}

async function inChunks<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += MEMBERS_IN_FLIGHT) {
    await Promise.all(items.slice(start, start + MEMBERS_IN_FLIGHT).map(work))
  }
}
