// The effective-grants projection on DynamoDB Local: random membership and policy histories, delivered out of
// order, with records dropped, twice and by two concurrent workers, end where a plain recomputation from the
// final state of every stream says.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/core/events.js'
import type { PolicyPrincipal } from '../../domain/scaleway/policy/events.js'
import { readCompiledPolicies } from '../../functions/authz/grantsRead.js'
import { modelItemKey } from '../../functions/projector/keys.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { effectiveGrants, FACTS, grantsKey, grantsOf, type Facts } from '../../projections/effectiveGrants/index.js'
import { freshTables } from '../support/tables.js'
import { GrantsScenario, newId, rule } from './grants.fixtures.js'

type Dyn = Awaited<ReturnType<typeof freshTables>>
const NAME = 'effectiveGrants'

async function factsOf(dynamo: Dyn, org: string, principalId: string): Promise<Facts | undefined> {
  const out = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.read, Key: modelItemKey(NAME, 1, grantsKey(org, principalId)), ConsistentRead: true }))
  return out.Item?.[FACTS] as Facts | undefined
}

async function held(dynamo: Dyn, org: string, principalId: string): Promise<{ owner: boolean; policies: string[] }> {
  const grants = grantsOf(await factsOf(dynamo, org, principalId))
  return { owner: grants.owner, policies: grants.policies.map((ref) => `${ref.path}@${ref.policyVersion}`).sort() }
}

/** A seeded PRNG (mulberry32), so a failing delivery order can be replayed from the property's seed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function batches<T>(items: readonly T[], next: () => number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; ) {
    const size = 1 + Math.floor(next() * 6)
    out.push(items.slice(i, i + size))
    i += size
  }
  return out
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/**
 * Each stream reversed, a quarter of the records dropped, streams interleaved, fed by one worker (streams meet in
 * every order) or two at once (they race); then everything again.
 */
async function deliverMessily(workers: [Projector, Projector], events: readonly StoredEvent[], seed: number): Promise<void> {
  const next = random(seed)
  const byStream = new Map<string, StoredEvent[]>()
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event])
  const queues = [...byStream.values()].map((stream) => [...stream].reverse().filter(() => next() >= 0.25))
  const interleaved: StoredEvent[] = []
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0)
    interleaved.push((open[Math.floor(next() * open.length)] as StoredEvent[]).shift() as StoredEvent)
  }
  const first = batches(interleaved, next)
  const lanes = next() < 0.5 ? 1 : 2
  await Promise.all(workers.slice(0, lanes).map(async (worker, lane) => {
    for (const [index, batch] of first.entries()) if (index % lanes === lane) await worker.handle(batch)
  }))
  for (const batch of batches(shuffle(events, next), next)) await workers[0].handle(batch)
}

const USERS = 4
const GROUPS = 2
const POLICIES = 4

/** The principal of each policy created up front (more are created by the commands). */
const initialArb = fc.array(fc.noBias(fc.nat(31)), { minLength: 3, maxLength: 3 })
/** Membership changes weigh most: they are what group policies meet. */
const OPS = ['add', 'add', 'add', 'remove', 'remove', 'deleteGroup', 'create', 'change', 'detach', 'rules', 'rename', 'deletePolicy'] as const
const commandArb = fc.array(
  fc.record({ op: fc.constantFrom(...OPS), target: fc.noBias(fc.nat(31)), who: fc.noBias(fc.nat(31)), subset: fc.noBias(fc.nat(31)) }),
  { minLength: 10, maxLength: 24 },
)

describe('effective grants projection', () => {
  let dynamo: Dyn

  beforeAll(async () => {
    dynamo = await freshTables('grants')
  })

  it('ends equal to a recomputation from scratch, however the records arrive', async () => {
    await fc.assert(
      fc.asyncProperty(initialArb, commandArb, fc.integer(), async (initial, commands, deliverySeed) => {
        const scenario = new GrantsScenario(dynamo)
        const org = scenario.org
        const users = Array.from({ length: USERS }, newId)
        const application = newId()
        const principals = [...users, application]
        const groups = Array.from({ length: GROUPS }, newId)
        const policies = Array.from({ length: POLICIES }, newId)
        const model = {
          groups: new Map(groups.map((id) => [id, { live: true, members: new Set<string>() }])),
          policies: new Map<string, { live: boolean; principal: PolicyPrincipal; pv: number; version: number }>(),
        }
        const principalOf = (n: number): PolicyPrincipal => {
          const choices: PolicyPrincipal[] = [
            ...users.map((id) => ({ kind: 'user' as const, id })),
            { kind: 'application', id: application },
            // Groups weigh most: group policies are where fan-out and membership meet.
            ...groups.map((id) => ({ kind: 'group' as const, id })),
            ...groups.map((id) => ({ kind: 'group' as const, id })),
            ...groups.map((id) => ({ kind: 'group' as const, id })),
            { kind: 'none' },
          ]
          return choices[n % choices.length] as PolicyPrincipal
        }
        const subsetOf = (n: number) => principals.filter((_, index) => (n >> index) & 1)
        const split = (ids: string[]) => ({ users: ids.filter((id) => id !== application), applications: ids.filter((id) => id === application) })

        await scenario.organization(users[0] as string)
        for (const group of groups) await scenario.group(group)
        for (const [index, who] of initial.entries()) {
          const policyId = policies[index] as string
          model.policies.set(policyId, { live: true, principal: principalOf(who), pv: 1, version: 1 })
          await scenario.policy(policyId, principalOf(who), [rule(org, ['IAMReadOnly'])])
        }
        for (const { op, target, who, subset } of commands) {
          const group = groups[target % GROUPS] as string
          const state = model.groups.get(group)!
          const policyId = policies[target % POLICIES] as string
          const policy = model.policies.get(policyId)
          const bump = () => {
            policy!.version += 1
          }
          if (op === 'add' && state.live) {
            const adding = subsetOf(subset).filter((id) => !state.members.has(id))
            if (adding.length === 0) continue
            adding.forEach((id) => state.members.add(id))
            await scenario.addMembers(group, split(adding))
          } else if (op === 'remove' && state.live) {
            const removing = subsetOf(subset).filter((id) => state.members.has(id))
            if (removing.length === 0) continue
            removing.forEach((id) => state.members.delete(id))
            await scenario.removeMembers(group, split(removing))
          } else if (op === 'deleteGroup' && state.live && who % 4 === 0) {
            state.live = false
            state.members.clear()
            await scenario.deleteGroup(group)
          } else if (op === 'create' && !policy) {
            model.policies.set(policyId, { live: true, principal: principalOf(who), pv: 1, version: 1 })
            await scenario.policy(policyId, principalOf(who), [rule(org, ['IAMReadOnly'])])
          } else if (op === 'change' && policy?.live) {
            bump()
            policy.principal = principalOf(who)
            await scenario.changePrincipal(policyId, policy.principal)
          } else if (op === 'detach' && policy?.live && policy.principal.kind !== 'none') {
            bump()
            const detached = policy.principal
            policy.principal = { kind: 'none' }
            await scenario.detach(policyId, detached)
          } else if (op === 'rules' && policy?.live) {
            bump()
            policy.pv = policy.version
            await scenario.setRules(policyId, [rule(org, ['IAMReadOnly']), rule(org, ['InstancesFullAccess'], { projectIds: [newId()] })])
          } else if (op === 'rename' && policy?.live) {
            bump()
            await scenario.rename(policyId)
          } else if (op === 'deletePolicy' && policy?.live) {
            bump()
            policy.live = false
            await scenario.deletePolicy(policyId)
          }
        }

        const workers: [Projector, Projector] = [
          createProjector({ dynamo, projections: [effectiveGrants] }),
          createProjector({ dynamo, projections: [effectiveGrants] }),
        ]
        await deliverMessily(workers, scenario.take(), deliverySeed)

        for (const principal of principals) {
          const expected: string[] = []
          for (const [policyId, policy] of model.policies) {
            if (!policy.live || policy.principal.kind === 'none') continue
            if (policy.principal.id === principal) expected.push(`direct/${policyId}@${policy.pv}`)
            if (policy.principal.kind === 'group' && model.groups.get(policy.principal.id)?.members.has(principal)) {
              expected.push(`group/${policy.principal.id}/${policyId}@${policy.pv}`)
            }
          }
          expect(await held(dynamo, org, principal)).toEqual({ owner: principal === users[0], policies: expected.sort() })
          const refs = grantsOf(await factsOf(dynamo, org, principal)).policies
          const compiled = await readCompiledPolicies(dynamo, NAME, 1, org, refs)
          expect(compiled.size).toBe(new Set(refs.map((ref) => `${ref.policyId}@${ref.policyVersion}`)).size)
        }
      }),
      { numRuns: Number(process.env.IAM_GRANTS_RUNS ?? 8), seed: 20250601, endOnFailure: true },
    )
  })

  it('meets a policy and a member of its group whichever is projected first', async () => {
    const scenario = new GrantsScenario(dynamo)
    const [early, late, group, policy] = [newId(), newId(), newId(), newId()]
    await scenario.group(group, { users: [early] })
    const earlyJoin = scenario.take()
    await scenario.policy(policy, { kind: 'group', id: group }, [rule(scenario.org, ['IAMReadOnly'])])
    const attached = scenario.take()
    await scenario.addMembers(group, { users: [late] })
    const lateJoin = scenario.take()
    const projector = createProjector({ dynamo, projections: [effectiveGrants] })
    await projector.handle(earlyJoin)
    await projector.handle(attached)
    await projector.handle(lateJoin)
    for (const member of [early, late]) expect((await held(dynamo, scenario.org, member)).policies).toEqual([`group/${group}/${policy}@1`])
  })

  it('removes the entries of a group left, and keeps what a member holds elsewhere', async () => {
    const scenario = new GrantsScenario(dynamo)
    const projector = createProjector({ dynamo, projections: [effectiveGrants] })
    const [user, group, other, p1, p2, p3] = [newId(), newId(), newId(), newId(), newId(), newId()]
    await scenario.group(group, { users: [user] })
    await scenario.group(other, { users: [user] })
    await scenario.policy(p1, { kind: 'group', id: group }, [rule(scenario.org, ['IAMReadOnly'])])
    await scenario.policy(p2, { kind: 'group', id: other }, [rule(scenario.org, ['IAMReadOnly'])])
    await scenario.policy(p3, { kind: 'user', id: user }, [rule(scenario.org, ['IAMReadOnly'])])
    await projector.handle(scenario.take())
    expect((await held(dynamo, scenario.org, user)).policies).toHaveLength(3)

    await scenario.removeMembers(group, { users: [user] })
    await projector.handle(scenario.take())
    const facts = await factsOf(dynamo, scenario.org, user)
    expect(Object.keys(facts ?? {}).filter((name) => name.startsWith(`gp:${group}`))).toEqual([])
    expect(facts?.[`g:${group}`]).toEqual({ version: 3, value: null })
    expect((await held(dynamo, scenario.org, user)).policies).toEqual([`direct/${p3}@1`, `group/${other}/${p2}@1`].sort())
  })

  it('fans a group policy out to every member and back', async () => {
    const scenario = new GrantsScenario(dynamo)
    const projector = createProjector({ dynamo, projections: [effectiveGrants] })
    const members = Array.from({ length: 40 }, newId)
    const [group, policy] = [newId(), newId()]
    await scenario.group(group, { users: members })
    await scenario.policy(policy, { kind: 'group', id: group }, [rule(scenario.org, ['IAMReadOnly'])])
    await projector.handle(scenario.take())
    for (const member of members) expect((await held(dynamo, scenario.org, member)).policies).toEqual([`group/${group}/${policy}@1`])

    await scenario.deleteGroup(group)
    await projector.handle(scenario.take())
    for (const member of members) expect((await held(dynamo, scenario.org, member)).policies).toEqual([])
  })
})
