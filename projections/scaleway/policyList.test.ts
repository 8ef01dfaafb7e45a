import { describe, expect, it } from 'vitest'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import {
  PolicyCreated, PolicyDeleted, PolicyPrincipalChanged, PolicyPrincipalDetached, PolicyRulesSet, PolicyUpdated, type Rule,
} from '../../domain/scaleway/policy/events.js'
import { modelKeyId } from '../contract.js'
import { policyList, policyListKey, type PolicyListItem } from './policyList.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const POLICY = '0190f2a5c3e87d1a9b2c3d4e5f607184'
const GROUP = 'a'.repeat(32)
const ALICE = 'b'.repeat(32)
const P1 = '1'.repeat(32)
const P2 = '2'.repeat(32)
const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'

let version = 0
function stored(event: DomainEvent): StoredEvent {
  version += 1
  return {
    ...event,
    streamId: `${ORG}#scw-policy#${POLICY}`,
    version,
    schemaVersion: 1,
    meta: { eventId: `e${version}`, occurredAt: T0, actor: { kind: 'user', id: ALICE }, requestId: 'r', sourceIp: '', userAgent: '', surface: 'scaleway' },
  }
}

function project(...events: DomainEvent[]): PolicyListItem | null | undefined {
  const id = modelKeyId(policyListKey(ORG, POLICY))
  let item: PolicyListItem | null | undefined
  for (const event of events.map(stored)) {
    const changes = policyList.evolve(new Map([[id, item ?? undefined]]), event)
    if (changes.has(id)) item = changes.get(id)
  }
  return item
}

const rule = (id: string, names: string[], scope: Partial<Rule>): Rule => ({
  id, permissionSetNames: names, scopeType: scope.projectIds ? 'projects' : 'organization', condition: '', ...scope,
})
const rules = [
  rule('3'.repeat(32), ['InstancesReadOnly', 'IAMReadOnly'], { organizationId: ORG }),
  rule('4'.repeat(32), ['InstancesFullAccess', 'InstancesReadOnly'], { projectIds: [P1, P2] }),
]
const created = PolicyCreated({
  id: POLICY, organizationId: ORG, name: 'readers', description: '', tags: ['a'], principal: { kind: 'group', id: GROUP }, rules, managed: false, at: T0,
})

describe('policy list projection', () => {
  it('keeps the principal and the counts, not the rules', () => {
    const item = project(created)
    expect(item).toEqual({
      id: POLICY, organizationId: ORG, name: 'readers', description: '', tags: ['a'], principal: { kind: 'group', id: GROUP },
      nbRules: 2, nbScopes: 3, nbPermissionSets: 3, editable: true, deletable: true, managed: false, createdAt: T0, updatedAt: T0,
    })
  })

  it('recounts on SetRules and keeps the counts across other changes', () => {
    const item = project(
      created,
      PolicyRulesSet({ rules: [rules[0]!], at: T1 }),
      PolicyUpdated({ name: 'renamed', at: T1 }),
      PolicyPrincipalChanged({ principal: { kind: 'user', id: ALICE }, at: T1 }),
    )
    expect(item).toMatchObject({ name: 'renamed', principal: { kind: 'user', id: ALICE }, nbRules: 1, nbScopes: 1, nbPermissionSets: 2, updatedAt: T1 })
  })

  it('shows a detached policy without principal, and drops a deleted one', () => {
    expect(project(created, PolicyPrincipalDetached({ principal: { kind: 'group', id: GROUP }, at: T1 }))).toMatchObject({ principal: { kind: 'none' } })
    expect(project(created, PolicyDeleted({ at: T1 }))).toBeNull()
  })
})
