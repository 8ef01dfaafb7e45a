import { describe, expect, it } from 'vitest'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import {
  ApplicationCreated, ApplicationDeleted, ApplicationLinked, ApplicationUnlinked, ApplicationUpdated,
} from '../../domain/scaleway/application/events.js'
import { modelKeyId } from '../contract.js'
import { applicationList, applicationListKey, listedApiKeyCount, type ApplicationListItem } from './applicationList.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const APP = '0190f2a5c3e87d1a9b2c3d4e5f607186'
const KEY1 = '1'.repeat(32)
const KEY2 = '2'.repeat(32)
const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'

let version = 0
function stored(event: DomainEvent, streamId = `${ORG}#scw-application#${APP}`): StoredEvent {
  version += 1
  return {
    ...event,
    streamId,
    version,
    schemaVersion: 1,
    meta: { eventId: `e${version}`, occurredAt: T0, actor: { kind: 'user', id: APP }, requestId: 'r', sourceIp: '', userAgent: '', surface: 'scaleway' },
  }
}

function project(...events: DomainEvent[]): ApplicationListItem | undefined {
  const id = modelKeyId(applicationListKey(ORG, APP))
  let item: ApplicationListItem | undefined
  for (const event of events.map((e) => stored(e))) {
    expect(applicationList.keys(event)).toEqual([applicationListKey(ORG, APP)])
    const changes = applicationList.evolve(new Map([[id, item]]), event)
    if (changes.has(id)) item = changes.get(id) ?? undefined
  }
  return item
}

const created = ApplicationCreated({ id: APP, organizationId: ORG, name: 'ci', description: 'deploys', tags: ['ci'], managed: false, at: T0 })

describe('application list projection', () => {
  it('keeps a created application with no API keys', () => {
    const item = project(created)
    expect(item).toEqual({
      id: APP, organizationId: ORG, name: 'ci', description: 'deploys', tags: ['ci'], editable: true, deletable: true, managed: false,
      createdAt: T0, updatedAt: T0, apiKeyIds: [],
    })
    expect(listedApiKeyCount(item!)).toBe(0)
  })

  it('counts the API keys it bears, once each, and follows updates', () => {
    const item = project(
      created,
      ApplicationLinked({ link: 'api_key', id: KEY1 }),
      ApplicationLinked({ link: 'api_key', id: KEY2 }),
      ApplicationLinked({ link: 'api_key', id: KEY1 }),
      ApplicationLinked({ link: 'group', id: 'g'.repeat(32) }),
      ApplicationUnlinked({ link: 'api_key', id: KEY2 }),
      ApplicationUpdated({ name: 'cd', at: T1 }),
    )
    expect(listedApiKeyCount(item!)).toBe(1)
    expect(item).toMatchObject({ name: 'cd', updatedAt: T1, createdAt: T0 })
    expect(item).not.toHaveProperty('links')
  })

  it('deletes the item with the application', () => {
    const id = modelKeyId(applicationListKey(ORG, APP))
    const changes = applicationList.evolve(new Map([[id, project(created)]]), stored(ApplicationDeleted({ at: T1 })))
    expect(changes.get(id)).toBeNull()
  })

  it('ignores the streams of other aggregates', () => {
    expect(applicationList.keys(stored(created, `${ORG}#scw-user#${APP}`))).toEqual([])
  })
})
