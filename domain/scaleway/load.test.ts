import { describe, expect, it } from 'vitest'
import type { Decider } from '../core/decider.js'
import { credentialItemKey } from '../core/credential/index.js'
import { fold } from '../core/decider.js'
import { validateEvent, type DomainEvent } from '../core/events.js'
import type { CommandContext, StateKey } from '../core/ports.js'
import { ulidIds } from '../core/ids.js'
import { planCreateApiKey } from './apiKey/decide.js'
import { planCreateApplication } from './application/decide.js'
import { planDeleteApplication } from './application/delete.js'
import { applicationDecider, applicationStream } from './application/evolve.js'
import { planCreateGroup, planGroupMembers } from './group/plan.js'
import { groupDecider, groupStream } from './group/evolve.js'
import { loadDependents, loadMembers, loadProfile } from './load.js'
import type { PlannedWrites } from './plan.js'
import { resolveScalewayRules } from './policy/compile.js'
import { policyDecider, policyStream } from './policy/evolve.js'
import { planClonePolicy, planCreatePolicy, planSetRules, planUpdatePolicy } from './policy/plan.js'
import { planCreateSshKey } from './sshKey/decide.js'
import { ok } from './testing.js'
import { planCreateUser, planUpdateUser } from './user/plan.js'
import { userDecider, userStream } from './user/evolve.js'
import { principalDecider, principalStreamId } from '../core/principal/index.js'

const ORG = '0'.repeat(31) + '1'
const APP = 'a'.repeat(32)
const USER = 'b'.repeat(32)
const GROUP = 'c'.repeat(32)
const POLICY = 'd'.repeat(32)
const KEY = 'e'.repeat(32)
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'

/** An in-memory event log behind the command context, applying plans as the runner would (without conditions). */
function memoryLog() {
  const streams = new Map<string, DomainEvent[]>()
  const items = new Map<string, Record<string, unknown>>()
  const written: DomainEvent[] = []
  const ctx: CommandContext = {
    async load<S>(decider: Decider<S, any>, streamId: string) {
      const events = streams.get(streamId) ?? []
      return { state: fold(decider, events), version: events.length }
    },
    async readState(key: StateKey) {
      return items.get(`${key.pk}|${key.sk}`)
    },
    now: new Date(T1),
    ids: ulidIds,
  }
  const apply = (plan: PlannedWrites) => {
    for (const { streamId, events } of plan.appends) {
      const validated = events.map(validateEvent)
      streams.set(streamId, [...(streams.get(streamId) ?? []), ...validated])
      written.push(...validated)
    }
    for (const extra of plan.extras) if (extra.kind === 'put') items.set(`${extra.key.pk}|${extra.key.sk}`, extra.attributes)
  }
  return { ctx, apply, written }
}

describe('loading what a plan needs, and the events plans write', () => {
  it('cascades an application deletion through what the context loads; every event passes its schema', async () => {
    const { ctx, apply, written } = memoryLog()
    const resolveRules = (rules: Parameters<typeof resolveScalewayRules>[0]) => resolveScalewayRules(rules, { organizationId: ORG, ownerPrincipalId: USER })
    apply(ok(planCreateApplication({ organizationId: ORG, id: APP, type: 'CreateApplication', name: 'ci', tags: ['a'], at: T0 })))
    apply(ok(planCreateUser({ organizationId: ORG, id: USER, type: 'CreateMember', member: { email: 'u@example.com', username: 'user', password: 'Passw0rd!!' }, at: T0 })))
    apply(ok(planUpdateUser((await ctx.load(userDecider, userStream(ORG, USER))).state, { organizationId: ORG, id: USER, type: 'UpdateUser', changes: { firstName: 'U', tags: [] }, at: T1 })))
    apply(ok(planCreateGroup({ organizationId: ORG, id: GROUP, type: 'CreateGroup', name: 'ops', at: T0 })))
    const add = { organizationId: ORG, id: GROUP, type: 'AddGroupMembers', members: { userIds: [USER], applicationIds: [APP] }, at: T0 } as const
    apply(ok(planGroupMembers((await ctx.load(groupDecider, groupStream(ORG, GROUP))).state, await loadMembers(ctx, ORG, add.members), add)))
    const rules = [{ id: ulidIds.newId(), permissionSetNames: ['IAMReadOnly'], organizationId: ORG }]
    apply(ok(planCreatePolicy(await loadProfile(ctx, ORG, 'application', APP), {
      organizationId: ORG, id: POLICY, type: 'CreatePolicy', name: 'read', principal: { kind: 'application', id: APP }, rules, resolveRules, at: T0,
    })))
    const policy = (await ctx.load(policyDecider, policyStream(ORG, POLICY))).state
    apply(ok(planSetRules(policy, { organizationId: ORG, id: POLICY, type: 'SetRules', rules: [...rules, { id: ulidIds.newId(), permissionSetNames: ['AccountContactsReadOnly'] }], resolveRules, at: T1 })))
    apply(ok(planClonePolicy((await ctx.load(policyDecider, policyStream(ORG, POLICY))).state, { organizationId: ORG, id: POLICY, cloneId: ulidIds.newId(), ruleIds: [ulidIds.newId(), ulidIds.newId()], at: T1 })))
    apply(ok(planUpdatePolicy((await ctx.load(policyDecider, policyStream(ORG, POLICY))).state, {}, { organizationId: ORG, id: POLICY, type: 'UpdatePolicy', description: 'd', at: T1 })))
    apply(ok(planCreateApiKey(await loadProfile(ctx, ORG, 'application', APP), {
      organizationId: ORG, credentialId: KEY, accessKey: 'SCWAAAAAAAAAAAAAAAAA', secretHash: 'f'.repeat(64), creationIp: '127.0.0.1', maxLifetimeSeconds: 0, now: new Date(T0),
    })))
    apply(ok(planCreateSshKey({ organizationId: ORG, id: ulidIds.newId(), type: 'CreateSshKey', name: 'k', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO', at: T0 })))

    const application = (await ctx.load(applicationDecider, applicationStream(ORG, APP))).state
    expect(application.application!.links).toEqual({ groupIds: [GROUP], policyIds: [POLICY], apiKeyIds: [KEY] })
    expect(await ctx.readState(credentialItemKey(ORG, KEY))).toMatchObject({ secretHash: 'f'.repeat(64) })

    const dependents = await loadDependents(ctx, ORG, application.application!.links)
    const principal = (await ctx.load(principalDecider, principalStreamId(ORG, APP))).state
    apply(ok(planDeleteApplication(application, principal, dependents, { organizationId: ORG, id: APP, type: 'DeleteApplication', at: T1 })))

    expect((await ctx.load(groupDecider, groupStream(ORG, GROUP))).state.group).toMatchObject({ userIds: [USER], applicationIds: [] })
    expect((await ctx.load(policyDecider, policyStream(ORG, POLICY))).state.policy!.principal).toEqual({ kind: 'none' })
    expect(written.length).toBeGreaterThan(15)
  })
})
