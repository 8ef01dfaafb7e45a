import { describe, expect, it } from 'vitest'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import { GroupCreated, GroupDeleted, GroupLinked, GroupMembersAdded, GroupMembersRemoved, GroupUpdated } from '../../domain/scaleway/group/events.js'
import { modelKeyId } from '../contract.js'
import { groupList, groupListKey, type GroupListItem } from './groupList.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const GROUP = '0190f2a5c3e87d1a9b2c3d4e5f607183'
const ALICE = 'b'.repeat(32)
const APP = 'd'.repeat(32)
const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'

let version = 0
function stored(event: DomainEvent, streamId = `${ORG}#scw-group#${GROUP}`): StoredEvent {
  version += 1
  return {
    ...event,
    streamId,
    version,
    schemaVersion: 1,
    meta: { eventId: `e${version}`, occurredAt: T0, actor: { kind: 'user', id: ALICE }, requestId: 'r', sourceIp: '', userAgent: '', surface: 'scaleway' },
  }
}

/** Folds events through the projection as the projector does, one item. */
function project(...events: DomainEvent[]): GroupListItem | undefined {
  const id = modelKeyId(groupListKey(ORG, GROUP))
  let item: GroupListItem | undefined
  for (const event of events.map((e) => stored(e))) {
    expect(groupList.keys(event)).toEqual([groupListKey(ORG, GROUP)])
    const changes = groupList.evolve(new Map([[id, item]]), event)
    if (changes.has(id)) item = changes.get(id) ?? undefined
  }
  return item
}

const created = GroupCreated({ id: GROUP, organizationId: ORG, name: 'ops', description: 'on call', tags: ['team'], managed: false, at: T0 })

describe('group list projection', () => {
  it('keeps a created group with its fields and no links', () => {
    expect(project(created)).toEqual({
      id: GROUP, organizationId: ORG, name: 'ops', description: 'on call', tags: ['team'], userIds: [], applicationIds: [],
      editable: true, deletable: true, managed: false, createdAt: T0, updatedAt: T0,
    })
  })

  it('follows updates and membership in joining order', () => {
    const item = project(
      created,
      GroupUpdated({ name: 'sre', at: T1 }),
      GroupMembersAdded({ userIds: [ALICE], applicationIds: [APP], at: T1 }),
      GroupLinked({ link: 'policy', id: 'f'.repeat(32) }),
      GroupMembersRemoved({ userIds: [ALICE], applicationIds: [], at: T1 }),
    )
    expect(item).toMatchObject({ name: 'sre', userIds: [], applicationIds: [APP], updatedAt: T1 })
    expect(item).not.toHaveProperty('links')
  })

  it('deletes the item with the group', () => {
    const id = modelKeyId(groupListKey(ORG, GROUP))
    const changes = groupList.evolve(new Map([[id, project(created)]]), stored(GroupDeleted({ at: T1 })))
    expect(changes.get(id)).toBeNull()
  })

  it('ignores the streams of other aggregates', () => {
    expect(groupList.keys(stored(created, `${ORG}#scw-policy#${GROUP}`))).toEqual([])
  })
})
