// The authorization matrix (issue 6): every authenticated route of the route table, with every kind of bad
// credential, gets its surface's documented 401/403/404 and appends nothing. Driven by the route table, so a route
// is covered the day it is added; an operation without a handler may answer 501 only where authorization passed.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeTokens } from '../../domain/core/consistency.js'
import { AUTHENTICATED_ROUTES as ALL_AUTHENTICATED_ROUTES, type ClassifiedRoute } from '../../functions/api/routeTable.js'
import type { TestOrganization } from '../support/scalewayHarness.js'
import { createPrincipal, issueKey, keyedPrincipal, lock, revokeKey } from './support/coreFixtures.js'
import { kitRoutes, startKit, type Answer, type Kit } from './support/kit.js'
import { namesTarget, sampleRequest, type ResourceIds } from './support/requests.js'
import { DOCUMENTED } from './support/documented.js'

const AUTHENTICATED_ROUTES = kitRoutes(ALL_AUTHENTICATED_ROUTES)

type Expected = 401 | 403 | 'foreign'
interface Case {
  name: string
  credential: () => Record<string, string>
  expected: Expected
}

/**
 * Operations any authenticated caller may call because they answer about the caller itself (the surface lets them
 * through without a permission), and how to tell that the answer leaks nothing about the victim.
 */
const ANSWERS_ABOUT_CALLER: Record<string, (answer: Answer) => void> = {
  // CheckPermissions checks the caller's own permissions: without a policy, or on another organization, all denied.
  CheckPermissions: (answer) => {
    expect(answer.status).toBe(200)
    expect(answer.json.responses.every((response: { decision: string }) => response.decision === 'deny')).toBe(true)
  },
}

describe('the authorization matrix', () => {
  let kit: Kit
  let victim: TestOrganization
  let attacker: TestOrganization
  let ids: ResourceIds
  let cases: Case[]
  let pairs = 0

  beforeAll(async () => {
    kit = await startKit()
    const { deps } = kit.h
    victim = kit.h.org
    attacker = await kit.newOrganization('attacker')
    ids = await kit.resources(victim)

    const now = deps.clock.now()
    const expiredUser = await createPrincipal(deps, victim.organizationId, 'user')
    const expired = await issueKey(deps, victim.organizationId, { principalId: expiredUser.principalId, kind: 'user' }, {
      issuedAt: new Date(now.getTime() - 2 * 3600_000), expiresAt: new Date(now.getTime() - 3600_000),
    })
    const deleted = await keyedPrincipal(deps, victim.organizationId, 'user')
    const deletion = await revokeKey(deps, victim.organizationId, deleted.credentialId)
    const locked = await keyedPrincipal(deps, victim.organizationId, 'user')
    const locking = await lock(deps, victim.organizationId, locked.principalId)
    const powerless = await keyedPrincipal(deps, victim.organizationId, 'application', 'no-policy')
    for (const key of [expired, deleted, locked, powerless]) kit.ledger.add(key.secretKey, 'matrix key')
    await kit.h.settle(mergeTokens(expired.token, deletion, locking, powerless.token))

    const key = (secret: string) => () => ({ 'X-Auth-Token': secret })
    cases = [
      { name: 'no credential', credential: () => ({}), expected: 401 },
      { name: 'malformed credential', credential: key('not-a-key'), expected: 401 },
      { name: 'unknown key', credential: () => ({ 'X-Auth-Token': randomUUID() }), expected: 401 },
      { name: 'expired key', credential: key(expired.secretKey), expected: 401 },
      { name: 'deleted key', credential: key(deleted.secretKey), expected: 401 },
      { name: "locked user's key", credential: key(locked.secretKey), expected: 401 },
      { name: 'principal without the permission', credential: key(powerless.secretKey), expected: 403 },
      { name: "another organization's key", credential: key(attacker.secretKey), expected: 'foreign' },
    ]
  })

  afterAll(async () => {
    console.log(`authorization matrix: ${pairs} route × case pairs over ${AUTHENTICATED_ROUTES.length} routes`)
    await kit?.expectCleanEnd()
    await kit?.close()
  })

  it.each(AUTHENTICATED_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', async (_, route: ClassifiedRoute) => {
    const documented = DOCUMENTED[route.surface]
    expect(documented, `documented errors of surface ${route.surface}`).toBeDefined()
    const before = kit.appended()
    const applicable = cases.filter((testCase) => testCase.expected !== 'foreign' || namesTarget(route))
    const answers = await Promise.all(applicable.map((testCase) => kit.send(sampleRequest(route, ids), { headers: testCase.credential() })))
    pairs += applicable.length
    applicable.forEach((testCase, index) => {
      const answer = answers[index]!
      const label = `${testCase.name}: ${answer.status} ${answer.text.slice(0, 300)}`
      const aboutCaller = ANSWERS_ABOUT_CALLER[route.operationId ?? '']
      if (aboutCaller && testCase.expected !== 401 && kit.handled(route)) return aboutCaller(answer)
      if (testCase.expected === 'foreign') {
        if (answer.status === 501) return expect(kit.handled(route), `${label}: 501 from an operation that has a handler`).toBe(false)
        expect([403, 404], label).toContain(answer.status)
      } else {
        expect(answer.status, label).toBe(testCase.expected)
      }
      expect(answer.headers.get('content-type'), label).toMatch(/^application\/json/)
      expect(answer.json?.type, label).toBe(documented![answer.status as 401 | 403 | 404])
    })
    expect(kit.appended(), 'events appended by refused requests').toBe(before)
  })
})
