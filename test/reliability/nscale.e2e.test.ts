// Reliability of the nscale surface, driven by the route table (functions/api/routeTable.ts) filtered to nscale:
// every authenticated route refuses a missing or bad credential (401); another tenant gets 403/404 and nothing
// is appended to its log; seeded fuzzed bodies, queries and path ids never cause a 5xx, and a refusal appends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUTHENTICATED_ROUTES } from '../../functions/api/routeTable.js'
import { startNscaleHarness, type NscaleHarness } from '../support/nscaleHarness.js'

const ROUTES = AUTHENTICATED_ROUTES.filter((route) => route.surface === 'nscale')
const RANDOM_ID = '0198a3c1-2f4e-7d10-9b2a-5c6d7e8f9a0b'
const FILTERED_LISTS = new Set(['apiV1OrganizationsOrganizationIDProjectsGet', 'apiV1OrganizationsOrganizationIDAllocationsGet'])
/** Valid for every write of the surface (unknown fields are ignored), so refusals come from authorization. */
const VALID_BODY = {
  metadata: { name: 'x' },
  spec: {
    organizationType: 'adhoc', groupIDs: [], userIDs: [], serviceAccountIDs: [], roleIDs: [], subject: 'a@example.com', state: 'active',
    issuer: 'https://idp.example.com', clientID: 'client', kind: 'clusters', id: 'x', allocations: [],
  },
  quotas: [],
}

let n: NscaleHarness
beforeAll(async () => {
  n = await startNscaleHarness()
}, 90_000)
afterAll(async () => n?.close())

function pathFor(path: string, organizationId: string, id = RANDOM_ID): string {
  return path.replace('{organizationID}', organizationId).replace(/\{[A-Za-z]+\}/g, id)
}

/** A small seeded generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function fuzzValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * 9)
  switch (pick) {
    case 0: return null
    case 1: return next() < 0.5
    case 2: return Math.floor(next() * 2 ** 40) * (next() < 0.5 ? -1 : 1)
    case 3: return 'x'.repeat(Math.floor(next() * 3000))
    case 4: return ['adhoc', 'domain', 'active', RANDOM_ID, 'ünï©ødé', '../..', '%00'][Math.floor(next() * 7)]
    case 5: return depth > 2 ? [] : Array.from({ length: Math.floor(next() * 4) }, () => fuzzValue(next, depth + 1))
    default: {
      if (depth > 2) return {}
      const keys = ['metadata', 'spec', 'name', 'groupIDs', 'userIDs', 'roleIDs', 'serviceAccountIDs', 'quotas', 'allocations', 'organizationType', 'subject', 'state']
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [keys[Math.floor(next() * keys.length)]!, fuzzValue(next, depth + 1)]))
    }
  }
}

describe('nscale reliability', () => {
  it('covers the 39 operations', () => {
    expect(ROUTES).toHaveLength(39)
  })

  it('answers 401 without a credential and with a bad one', async () => {
    for (const route of ROUTES) {
      const path = pathFor(route.path, n.owner.organizationId)
      const variants: Array<Record<string, string>> = [{}, { Authorization: 'Bearer not-a-valid-token-at-all' }, { Authorization: 'Basic Zm9vOmJhcg==' }]
      for (const headers of variants) {
        const response = await fetch(`${n.baseUrl}${path}`, { method: route.method, headers })
        expect(response.status, `${route.method} ${path} ${JSON.stringify(headers)}`).toBe(401)
        expect(((await response.json()) as { error: string }).error).toBe('access_denied')
      }
    }
  })

  it("refuses another tenant's organization (403/404) and appends nothing to it", async () => {
    const before = await n.h.eventCount(n.other.organizationId)
    for (const route of ROUTES.filter((candidate) => candidate.path.includes('{organizationID}'))) {
      const path = pathFor(route.path, n.other.organizationId)
      const body = route.method === 'POST' || route.method === 'PUT' ? VALID_BODY : undefined
      const response = await n.owner.fetch(path, { method: route.method, body })
      if (FILTERED_LISTS.has(route.operationId ?? '')) {
        // Lists filtered per item (upstream answers `[]`, never 403): nothing of the other tenant shows.
        expect(response.status).toBe(200)
        expect(await response.json()).toEqual([])
        continue
      }
      expect([403, 404], `${route.method} ${path}`).toContain(response.status)
    }
    expect(await n.h.eventCount(n.other.organizationId)).toBe(before)
  })

  it('never answers 5xx to fuzzed bodies, queries and path ids, and a refusal appends nothing', async () => {
    const next = random(Number(process.env.IAM_FUZZ_SEED ?? 8))
    const garbageIds = ['x', '..', '%2e%2e', 'a'.repeat(300), '00000000-0000-0000-0000-000000000000', RANDOM_ID]
    for (const route of ROUTES) {
      const before = await n.h.eventCount(n.owner.organizationId)
      let refused = true
      for (let round = 0; round < 3; round++) {
        const id = garbageIds[Math.floor(next() * garbageIds.length)]!
        const path = `${pathFor(route.path, n.owner.organizationId, encodeURIComponent(id))}${round % 2 === 0 ? '?email=' + encodeURIComponent(String(fuzzValue(next))) : ''}`
        const body = route.method === 'POST' || route.method === 'PUT' ? JSON.stringify(fuzzValue(next)) : undefined
        const response = await n.owner.fetch(path, { method: route.method, body })
        expect(response.status, `${route.method} ${path} ${body?.slice(0, 200)}`).toBeLessThan(500)
        if (response.status < 400) refused = false
      }
      if (refused) expect(await n.h.eventCount(n.owner.organizationId), `${route.method} ${route.path}`).toBe(before)
    }
  }, 120_000)
})
