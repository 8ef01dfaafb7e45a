// Tenant isolation (issue 6, DESIGN §8): two organizations with the same resources. Every route that names an
// organization or a resource, called by one organization's owner with the other's ids, fails as documented; and
// foreign ids get exactly the answer non-existent ids get (same status, same body but for the ids themselves).
// Driven by the route table: a route is covered the day it is added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUTHENTICATED_ROUTES as ALL_AUTHENTICATED_ROUTES, type ClassifiedRoute } from '../../functions/api/routeTable.js'
import type { TestOrganization } from '../support/scalewayHarness.js'
import { DOCUMENTED } from './support/documented.js'
import { kitRoutes, startKit, type Answer, type Kit } from './support/kit.js'
import { namesTarget, sampleRequest, unknownIds, type ResourceIds } from './support/requests.js'

const AUTHENTICATED_ROUTES = kitRoutes(ALL_AUTHENTICATED_ROUTES)

/** Operations that answer about the caller itself (CheckPermissions): on another organization, all denied. */
const ABOUT_CALLER = new Set(['CheckPermissions'])

const ID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|SCW[A-Z0-9]{17}/gi
/** The answer with every id replaced: what must not differ between a foreign and a non-existent target. */
const shape = (answer: Answer) => ({ status: answer.status, body: answer.text.replace(ID, '<id>') })

const PATH_PARAMETER = /\{([^}]+)\}/g

/** Path ids from `path`, everything else (query, body, organization) from `rest`. */
function mixed(route: ClassifiedRoute, path: ResourceIds, rest: ResourceIds): ResourceIds {
  const named = [...route.path.matchAll(PATH_PARAMETER)].map((match) => match[1] as keyof ResourceIds)
  return { ...rest, ...Object.fromEntries(named.map((name) => [name, path[name]])) }
}

describe('tenant isolation', () => {
  let kit: Kit
  let a: TestOrganization
  let b: TestOrganization
  let idsA: ResourceIds
  let idsB: ResourceIds
  let pairs = 0
  const reads = AUTHENTICATED_ROUTES.filter((route) => route.method === 'GET' && route.path.includes('{'))
  /** The other organization's own view of its resources, before the attempts. */
  let seenByB: Array<{ status: number; text: string }>
  const readAsB = () => Promise.all(reads.map(async (route) => {
    const { status, text } = await kit.send(sampleRequest(route, idsB), { secretKey: b.secretKey })
    return { status, text }
  }))

  beforeAll(async () => {
    kit = await startKit()
    a = kit.h.org
    b = await kit.newOrganization('tenant-b')
    ;[idsA, idsB] = await Promise.all([kit.resources(a), kit.resources(b)])
    seenByB = await readAsB()
  })

  afterAll(async () => {
    console.log(`tenant isolation: ${pairs} foreign/non-existent request pairs`)
    await kit?.expectCleanEnd()
    await kit?.close()
  })

  // Before any attempt below could plant anything.
  it("lists nothing of the other organization's in one's own lists", async () => {
    const lists = AUTHENTICATED_ROUTES.filter((route) => route.method === 'GET' && !route.path.includes('{') && kit.handled(route))
    const foreignIds = Object.entries(idsB).filter(([name]) => name !== 'quotum_name').map(([, value]) => value.toLowerCase())
    for (const route of lists) {
      const own = sampleRequest(route, idsA)
      const answer = await kit.send(own, { secretKey: a.secretKey })
      const text = answer.text.toLowerCase()
      for (const id of foreignIds) {
        expect(text.includes(id) || text.includes(id.replaceAll('-', '')), `${route.operationId} lists ${id} of the other organization`).toBe(false)
      }
    }
  })

  const targeted = AUTHENTICATED_ROUTES.filter(namesTarget)
  const NO_PROJECT_REGISTRY = new Set(['CreateSSHKey'])

  it.each(targeted.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', async (_, route: ClassifiedRoute) => {
    const before = kit.appended()
    const nobody = unknownIds()
    const variants: Array<{ name: string; foreign: ResourceIds; absent: ResourceIds; strict: boolean }> = [
      // Everything the other organization's: its organization id and its resources' ids.
      { name: 'foreign ids', foreign: idsB, absent: nobody, strict: true },
    ]
    // The caller's own resource in the path, the other organization's ids in the query or body.
    const aimed = mixed(route, idsA, idsB)
    const request = sampleRequest(route, aimed)
    const carriesForeign = Object.values(idsB).some((value) => value !== idsB.quotum_name && JSON.stringify(request).includes(value))
    if (carriesForeign && route.path.includes('{')) variants.push({ name: 'own path, foreign ids inside', foreign: aimed, absent: mixed(route, idsA, nobody), strict: false })

    for (const variant of variants) {
      const unregistered = NO_PROJECT_REGISTRY.has(route.operationId ?? '')
      const [foreign, absent] = await Promise.all([
        kit.send(sampleRequest(route, variant.foreign), { secretKey: a.secretKey }),
        unregistered ? undefined : kit.send(sampleRequest(route, variant.absent), { secretKey: a.secretKey }),
      ])
      pairs++
      const label = `${variant.name}: ${foreign.status} ${foreign.text.slice(0, 300)}`
      if (ABOUT_CALLER.has(route.operationId ?? '') && kit.handled(route)) {
        expect(foreign.status, label).toBe(200)
        expect(JSON.stringify(foreign.json), label).not.toContain('"allow"')
        continue
      }
      if (foreign.status === 501) {
        expect(kit.handled(route), `${label}: 501 from an operation that has a handler`).toBe(false)
      } else if (variant.strict) {
        expect([403, 404], label).toContain(foreign.status)
      } else {
        expect(foreign.status >= 400 && foreign.status < 500, label).toBe(true)
      }
      // IAM keeps no project registry: a project id nobody owns is accepted (a project of the caller's), so only
      // another tenant's project is refused there; everywhere else foreign and unknown ids answer alike.
      if (absent) {
        expect(shape(foreign), `${label} — a foreign id must be answered exactly as a non-existent one`).toEqual(shape(absent))
      }
      if (foreign.status === 403 || foreign.status === 404) expect(foreign.json?.type, label).toBe(DOCUMENTED[route.surface]![foreign.status])
    }
    expect(kit.appended(), 'events appended by requests on another organization').toBe(before)
  })

  it("leaves the other organization's resources as they were", async () => {
    expect(await readAsB()).toEqual(seenByB)
  })
})
