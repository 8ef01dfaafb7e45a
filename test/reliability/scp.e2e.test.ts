// SCP reliability (issue 6 for the SCP surface), driven by the route table filtered to `scp`, so a route is
// covered the day it is added: every authenticated route without a credential or with a bad one is 401; another
// tenant is refused (403/404) and nothing is appended to either tenant; seeded fuzzed bodies, queries and path ids
// never answer 5xx, and a refusal appends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUTHENTICATED_ROUTES, type ClassifiedRoute } from '../../functions/api/routeTable.js'
import { scpHandlers } from '../../functions/api/scp/handlers/index.js'
import { startScpHarness, type ScpHarness, type ScpOrganization } from '../support/scpHarness.js'

const ROUTES = AUTHENTICATED_ROUTES.filter((route) => route.surface === 'scp')
const SRN = Buffer.from('srn:local::00000000000000000000000000000000:::iam:user/x').toString('base64')

/** A deterministic generator (mulberry32), so a failure names its seed and replays. */
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

function pathFor(route: ClassifiedRoute, ids: Record<string, string>): string {
  return route.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => ids[name] ?? (name === 'srn' ? SRN : name === 'sid' ? 'statement1' : '0'.repeat(32)))
}

const FUZZ_VALUES = (next: () => number): unknown[] => [
  null, true, -1, 1e308, '', 'x'.repeat(5000), '\u0000\uffff', '<script>', [], {}, [[[[]]]], { $ne: 1 }, 'iam 9.9',
  Math.floor(next() * 1e9), ['a', 1, null], { Version: '2024-07-01', Statement: 'x' }, '../../etc/passwd', 'P1Y'.repeat(50),
]

function fuzzBody(next: () => number): unknown {
  const values = FUZZ_VALUES(next)
  const pick = () => values[Math.floor(next() * values.length)]
  const keys = ['user_name', 'password', 'ids', 'access_key_type', 'duration', 'passcode', 'is_enabled', 'description', 'name', 'Statement', 'policy_ids', 'user_ids', 'limit', 'marker', 'sort', 'group_name']
  const body: Record<string, unknown> = {}
  for (let i = 0; i < 1 + Math.floor(next() * 5); i++) body[keys[Math.floor(next() * keys.length)]!] = pick()
  return next() < 0.1 ? pick() : body
}

function fuzzQuery(next: () => number): string {
  const keys = ['page', 'size', 'sort', 'limit', 'marker', 'with_count', 'user_name', 'type', 'policy_type', 'exclude_group_id']
  const values = ['-1', '0', '99999999999', 'abc', 'created_at:sideways', '%00', 'true', '', 'a,b,,c']
  const parts = Array.from({ length: 1 + Math.floor(next() * 3) }, () => `${keys[Math.floor(next() * keys.length)]}=${encodeURIComponent(values[Math.floor(next() * values.length)]!)}`)
  return `?${parts.join('&')}`
}

const FUZZ_IDS = ['bulk', 'send-otp', 'x', '-1', '%2F', 'ffffffffffffffffffffffffffffffffff', '00000000-0000-0000-0000-000000000000', 'é', '..']

let h: ScpHarness
let other: ScpOrganization
let victimIds: Record<string, string>

beforeAll(async () => {
  h = await startScpHarness()
  other = await h.createOrganization('other')
  const user = await h.scp.request('POST', `/v1/accounts/${h.org.organizationId}/users`, { body: { user_name: 'victim', password: 'Str0ng-passw0rd!', temporary_password: false } })
  const key = await h.scp.request('POST', '/v1/access-keys', { body: { access_key_type: 'PERMANENT' } })
  victimIds = { account_id: h.org.organizationId, user_id: user.body.id, access_key_id: key.body.access_key.id }
})
afterAll(async () => {
  await h?.close()
})

describe('SCP reliability', () => {
  it('covers every SCP route', () => {
    expect(ROUTES).toHaveLength(62)
  })

  it('answers 401 without a credential and with bad ones, appending nothing', async () => {
    const before = await h.eventCount(h.org.organizationId)
    const bad = [
      { unsigned: true },
      { key: { accessKey: 'f'.repeat(32), secretKey: 'nope' } },
      { sign: { secretKey: '00000000-0000-4000-8000-000000000000' } },
    ]
    for (const route of ROUTES) {
      for (const options of bad) {
        const response = await h.scp.request(route.method, pathFor(route, victimIds), { ...options, body: route.method === 'GET' ? undefined : {} })
        expect(response.status, `${route.method} ${route.path} ${JSON.stringify(options)}`).toBe(401)
        expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' })
      }
    }
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
  })

  it('refuses another tenant (403/404) and appends nothing to either tenant', async () => {
    const [beforeVictim, beforeOther] = [await h.eventCount(h.org.organizationId), await h.eventCount(other.organizationId)]
    for (const route of ROUTES.filter((candidate) => /\{(account_id|user_id|access_key_id)\}/.test(candidate.path))) {
      const response = await other.scp.request(route.method, pathFor(route, victimIds), { body: route.method === 'GET' ? undefined : {} })
      const allowed = route.operationId! in scpHandlers ? [400, 403, 404] : [400, 403, 404, 501]
      expect(allowed, `${route.method} ${route.path} answered ${response.status}`).toContain(response.status)
    }
    expect(await h.eventCount(h.org.organizationId)).toBe(beforeVictim)
    expect(await h.eventCount(other.organizationId)).toBe(beforeOther)
  })

  it('never answers 5xx to fuzzed bodies, queries and path ids, and a refusal appends nothing', async () => {
    const seed = Number(process.env.IAM_FUZZ_SEED ?? 7)
    const next = random(seed)
    const fuzzer = other
    for (const route of ROUTES) {
      for (let run = 0; run < 2; run++) {
        const ids = Object.fromEntries(['account_id', 'user_id', 'access_key_id', 'group_id', 'policy_id', 'role_id', 'saml_provider_id', 'service_account_id', 'srn', 'sid']
          .map((name) => [name, next() < 0.5 ? encodeURIComponent(FUZZ_IDS[Math.floor(next() * FUZZ_IDS.length)]!) : name === 'account_id' ? fuzzer.organizationId : name === 'srn' ? SRN : '0'.repeat(32)]))
        const path = pathFor(route, ids) + (next() < 0.6 ? fuzzQuery(next) : '')
        const before = await h.eventCount(fuzzer.organizationId)
        const response = await fuzzer.scp.request(route.method, path, { body: route.method === 'GET' ? undefined : fuzzBody(next), version: next() < 0.2 ? '1.0' : undefined })
        expect(response.status, `seed ${seed}: ${route.method} ${path} → ${JSON.stringify(response.body)}`).toBeLessThan(500 + (route.operationId! in scpHandlers ? 0 : 2))
        if (response.status >= 400) {
          expect(response.body, `${route.method} ${path}`).toMatchObject({ status: response.status, code: expect.any(String) })
          expect(await h.eventCount(fuzzer.organizationId), `seed ${seed}: ${route.method} ${path} appended on ${response.status}`).toBe(before)
        }
      }
    }
  })
})
