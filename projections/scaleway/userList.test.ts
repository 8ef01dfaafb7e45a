import { describe, expect, it } from 'vitest'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import { UserCreated, UserDeleted, UserLinked, UserLoggedIn, UserUpdated, UserUsernameChanged } from '../../domain/scaleway/user/events.js'
import { modelKeyId } from '../contract.js'
import { userList, userListKey, type UserListItem } from './userList.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const USER = '0190f2a5c3e87d1a9b2c3d4e5f607185'
const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'

let version = 0
function stored(event: DomainEvent, streamId = `${ORG}#scw-user#${USER}`): StoredEvent {
  version += 1
  return {
    ...event,
    streamId,
    version,
    schemaVersion: 1,
    meta: { eventId: `e${version}`, occurredAt: T0, actor: { kind: 'user', id: USER }, requestId: 'r', sourceIp: '', userAgent: '', surface: 'scaleway' },
  }
}

function project(...events: DomainEvent[]): UserListItem | undefined {
  const id = modelKeyId(userListKey(ORG, USER))
  let item: UserListItem | undefined
  for (const event of events.map((e) => stored(e))) {
    expect(userList.keys(event)).toEqual([userListKey(ORG, USER)])
    const changes = userList.evolve(new Map([[id, item]]), event)
    if (changes.has(id)) item = changes.get(id) ?? undefined
  }
  return item
}

const created = UserCreated({
  id: USER, organizationId: ORG, email: 'ada@example.com', username: 'ada', firstName: 'Ada', lastName: '', phoneNumber: '', locale: '',
  tags: ['ops'], type: 'member', status: 'activated', accountRootUserId: '', at: T0,
})

describe('user list projection', () => {
  it('keeps a created user with its fields and no links', () => {
    expect(project(created)).toEqual({
      id: USER, organizationId: ORG, email: 'ada@example.com', username: 'ada', firstName: 'Ada', lastName: '', phoneNumber: '', locale: '',
      tags: ['ops'], type: 'member', status: 'activated', accountRootUserId: '', mfa: false, createdAt: T0, updatedAt: T0,
    })
  })

  it('follows profile, username and login changes, and ignores links', () => {
    const item = project(
      created,
      UserUpdated({ lastName: 'Lovelace', tags: [], at: T1 }),
      UserUsernameChanged({ username: 'ada.l', at: T1 }),
      UserLinked({ link: 'api_key', id: 'f'.repeat(32) }),
      UserLoggedIn({ at: T1 }),
    )
    expect(item).toMatchObject({ lastName: 'Lovelace', tags: [], username: 'ada.l', lastLoginAt: T1, updatedAt: T1 })
    expect(item).not.toHaveProperty('links')
  })

  it('deletes the item with the user', () => {
    const id = modelKeyId(userListKey(ORG, USER))
    const changes = userList.evolve(new Map([[id, project(created)]]), stored(UserDeleted({ at: T1 })))
    expect(changes.get(id)).toBeNull()
  })

  it('ignores the streams of other aggregates', () => {
    expect(userList.keys(stored(created, `${ORG}#principal#${USER}`))).toEqual([])
  })
})
