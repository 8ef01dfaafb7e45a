// Idempotency-Key on nscale writes (DESIGN §4): a repeated request replays the first answer's status and resource,
// re-rendered as it is now with secret material omitted, `Idempotent-Replayed: true`, and appends nothing; the same
// key with another request is 409 `conflict`; a malformed key is 400 `invalid_request`. Keys are kept per
// organization and principal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeId, toUuid } from '../../../domain/core/ids.js'
import { startResourceHarness, type ResourceHarness } from './resourceFixtures.js'

let r: ResourceHarness
beforeAll(async () => {
  r = await startResourceHarness({ as: 'owner' })
}, 60_000)
afterAll(async () => {
  await r?.h.close()
})

const O = () => `/api/v1/organizations/${toUuid(r.org)}`
const key = (name: string) => ({ 'Idempotency-Key': `${name}-${Math.random().toString(36).slice(2)}` })
const events = () => r.h.eventCount(r.org)

describe('Idempotency-Key on nscale writes', () => {
  it('replays a group creation: same status and id, the group as it is now, nothing appended', async () => {
    const headers = key('group')
    const body = { metadata: { name: 'idem-group' }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [] } }
    const first = await r.api(`${O()}/groups`, { method: 'POST', body, headers })
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const created = (await first.json()) as { metadata: { id: string; name: string } }
    const before = await events()

    const again = await r.api(`${O()}/groups`, { method: 'POST', body, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('x-consistency-token')).toBe(first.headers.get('x-consistency-token'))
    expect(await again.json()).toMatchObject({ metadata: { id: created.metadata.id, name: 'idem-group' } })
    expect(await events()).toBe(before)

    // Without the key the same body is a new request: the name is taken (409).
    expect((await r.api(`${O()}/groups`, { method: 'POST', body })).status).toBe(409)
  })

  it('replays a project creation (202) and a project delete (202, not 404)', async () => {
    const headers = key('project')
    const body = { metadata: { name: 'idem-project' }, spec: { groupIDs: [] } }
    const first = await r.api(`${O()}/projects`, { method: 'POST', body, headers })
    expect(first.status).toBe(202)
    const id = ((await first.json()) as { metadata: { id: string } }).metadata.id
    const again = await r.api(`${O()}/projects`, { method: 'POST', body, headers })
    expect(again.status).toBe(202)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toMatchObject({ metadata: { id, name: 'idem-project' } })

    const deleteKey = key('project-delete')
    expect((await r.api(`${O()}/projects/${id}`, { method: 'DELETE', headers: deleteKey })).status).toBe(202)
    const before = await events()
    const replayed = await r.api(`${O()}/projects/${id}`, { method: 'DELETE', headers: deleteKey })
    expect(replayed.status).toBe(202)
    expect(replayed.headers.get('idempotent-replayed')).toBe('true')
    expect(await replayed.text()).toBe('')
    expect(await events()).toBe(before)
    expect((await r.api(`${O()}/projects/${id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('never shows a service account token again: a replayed creation or rotation omits it', async () => {
    const headers = key('sa')
    const body = { metadata: { name: 'idem-sa' }, spec: { groupIDs: [] } }
    const first = await r.api(`${O()}/serviceaccounts`, { method: 'POST', body, headers })
    expect(first.status).toBe(201)
    const created = (await first.json()) as { metadata: { id: string }; status: { accessToken?: string; expiry: string } }
    expect(created.status.accessToken).toBeTruthy()

    const again = await r.api(`${O()}/serviceaccounts`, { method: 'POST', body, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const replayed = (await again.json()) as { metadata: { id: string }; status: Record<string, unknown> }
    expect(replayed.metadata.id).toBe(created.metadata.id)
    expect(replayed.status).toEqual({ expiry: created.status.expiry })
    expect(JSON.stringify(replayed)).not.toContain(created.status.accessToken!)
    // The token of the first answer works: the replay issued none.
    expect((await r.api(`${O()}/serviceaccounts`, { token: created.status.accessToken! })).status).toBe(200)

    const rotateKey = key('rotate')
    const rotate = () => r.api(`${O()}/serviceaccounts/${created.metadata.id}/rotate`, { method: 'POST', headers: rotateKey })
    const rotated = await rotate()
    expect(rotated.status).toBe(200)
    const fresh = ((await rotated.json()) as { status: { accessToken?: string } }).status.accessToken!
    expect(fresh).toBeTruthy()
    const before = await events()
    const rotatedAgain = await rotate()
    expect(rotatedAgain.status).toBe(200)
    expect(rotatedAgain.headers.get('idempotent-replayed')).toBe('true')
    expect(((await rotatedAgain.json()) as { status: Record<string, unknown> }).status.accessToken).toBeUndefined()
    expect(await events()).toBe(before)
    expect((await r.api(`${O()}/serviceaccounts`, { token: fresh })).status).toBe(200)
  })

  it('answers 409 conflict for the same key with another body, and appends nothing', async () => {
    const headers = key('conflict')
    const body = (name: string) => ({ metadata: { name }, spec: { userIDs: [], serviceAccountIDs: [], roleIDs: [] } })
    expect((await r.api(`${O()}/groups`, { method: 'POST', body: body('idem-first'), headers })).status).toBe(201)
    const before = await events()
    const refused = await r.api(`${O()}/groups`, { method: 'POST', body: body('idem-second'), headers })
    expect(refused.status).toBe(409)
    expect(refused.headers.get('cache-control')).toBe('no-cache')
    expect(await refused.json()).toMatchObject({ error: 'conflict' })
    expect(await events()).toBe(before)
  })

  it('keeps keys per principal: another caller with the same key makes its own request', async () => {
    const headers = key('principal')
    const body = (name: string) => ({ metadata: { name }, spec: { groupIDs: [] } })
    expect((await r.api(`${O()}/projects`, { method: 'POST', body: body('idem-by-owner'), headers })).status).toBe(202)
    const other = await r.api(`${O()}/projects`, { method: 'POST', body: body('idem-by-admin'), headers, token: r.adminToken })
    expect(other.status).toBe(202)
    expect(other.headers.get('idempotent-replayed')).toBeNull()
  })

  it('refuses a malformed key (400 invalid_request) before anything is written', async () => {
    const before = await events()
    for (const bad of ['has space', 'x'.repeat(256), 'é']) {
      const refused = await r.api(`${O()}/projects`, { method: 'POST', body: { metadata: { name: 'idem-bad' }, spec: { groupIDs: [] } }, headers: { 'Idempotency-Key': bad } })
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('Idempotency-Key') })
    }
    expect(await events()).toBe(before)
    expect(normalizeId(r.org)).toBe(r.org)
  })
})
