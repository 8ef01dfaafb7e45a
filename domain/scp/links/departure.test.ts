import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { eventsOf, ok, typesOf } from '../../scaleway/testing.js'
import { groupDecider, groupStream, type GroupState } from '../group/evolve.js'
import { planCreateGroup, type LoadedUser } from '../group/plan.js'
import { planUserDeparture } from './departure.js'
import { linksDecider, linksStream } from './evolve.js'

const org = 'a'.repeat(32)
const group = 'b'.repeat(32)
const gone = 'e'.repeat(32)
const user = 'c'.repeat(32)
const at = '2026-11-25T00:00:00.000Z'
const by = 'd'.repeat(32)
const noBindings = { policies: new Map(), links: new Map() }

function groupWithUser(): GroupState {
  const member: LoadedUser = { live: true, links: linksDecider.initialState(), goneGroupIds: [] }
  const plan = ok(planCreateGroup({ organizationId: org, id: group, at, by, type: 'CreateGroup', name: 'Team', description: null, tags: [] }, new Map([[user, member]]), [user], noBindings, []))
  return fold(groupDecider, eventsOf(plan, groupStream(org, group)) as never)
}

describe('a user leaving the account', () => {
  it('leaves its live groups on both sides and drops links to deleted groups', () => {
    const links = { ...linksDecider.initialState(), identityType: 'USER' as const, groupIds: [group, gone] }
    const plan = ok(planUserDeparture(links, new Map([[group, groupWithUser()], [gone, { deleted: true }]]), noBindings, { organizationId: org, userId: user, at, by }))
    expect(typesOf(eventsOf(plan, groupStream(org, group)))).toEqual(['ScpGroupMembersRemoved'])
    expect(eventsOf(plan, groupStream(org, gone))).toEqual([])
    expect(eventsOf(plan, linksStream(org, user))).toMatchObject([{ type: 'ScpLinksGroupsLeft', data: { groupIds: [group, gone] } }])
  })

  it('writes nothing for a user with no links', () => {
    const plan = ok(planUserDeparture(linksDecider.initialState(), new Map(), noBindings, { organizationId: org, userId: user, at, by }))
    expect(plan.appends).toEqual([])
    expect(plan.extras).toEqual([])
  })
})
