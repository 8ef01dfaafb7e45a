// The route table covers the app: every route the Hono app serves is classified public or authenticated, every
// classified route is served, every authenticated route maps to one catalogue permission, public routes answer
// without a credential, and the README lists every public route.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { routePermission, type Surface as PermissionSurface } from '../../domain/scaleway/routes.js'
import { SCP_ROUTE_BY_OPERATION } from '../../domain/scp/routes.js'
import { nscaleRoute } from '../../domain/nscale/routes.js'
import { createApp } from '../../functions/api/app.js'
import { surfaces } from '../../functions/api/surfaces.js'
import { createDeps } from '../../functions/api/deps.js'
import { AUTHENTICATED_ROUTES, classifyRoute, isCatchAll, openApiPath, PUBLIC_ROUTES, ROUTE_TABLE } from '../../functions/api/routeTable.js'
import { loadConfig } from '../../functions/config.js'
import { localClient } from '../../functions/local/dynamodbLocal.js'
import { wrap } from '../../functions/store/dynamo.js'
import { tableNames } from '../../functions/store/tables.js'
import { PROJECT_ROOT, tempDir } from '../support/processes.js'

// Nothing here reaches DynamoDB: the client points nowhere.
function app() {
  const config = loadConfig({ IAM_KEY_FILE: join(tempDir('routes'), 'master.key') })
  const deps = createDeps(config, wrap(localClient('http://127.0.0.1:9'), tableNames('routes-')), { readiness: () => ({ ready: true }) })
  deps.logger.setLogLevel('SILENT')
  return createApp(deps, surfaces)
}

describe('the route table', () => {
  const served = app().routes

  it('classifies every route the app serves; wildcards are only the known catch-alls', () => {
    const unclassified = served
      .filter((route) => !(route.method === 'ALL' && route.path.endsWith('*') ? isCatchAll(route.method, route.path) : classifyRoute(route.method, route.path)))
      .map((route) => `${route.method} ${route.path}`)
    expect([...new Set(unclassified)], 'add these routes to functions/api/routeTable.ts (public or authenticated)').toEqual([])
  })

  it('lists only routes the app serves, each once', () => {
    const keys = new Set(served.map((route) => `${route.method} ${openApiPath(route.path)}`))
    expect(ROUTE_TABLE.filter((route) => !keys.has(`${route.method} ${route.path}`))).toEqual([])
    const listed = ROUTE_TABLE.map((route) => `${route.method} ${route.path}`)
    expect(listed.length).toBe(new Set(listed).size)
  })

  it('maps every authenticated route to one catalogue permission', () => {
    expect(AUTHENTICATED_ROUTES.length).toBeGreaterThan(70)
    // Each surface maps its operations in its own table (SCP: domain/scp/routes.ts, action `iam:<OperationId>`).
    const mapped = (route: (typeof AUTHENTICATED_ROUTES)[number]) =>
      route.surface === 'scp' ? SCP_ROUTE_BY_OPERATION.has(route.operationId ?? '')
        : route.surface === 'nscale' ? nscaleRoute(route.operationId ?? '') !== undefined
        : routePermission(route.surface as PermissionSurface, route.operationId ?? '')
    const unmapped = AUTHENTICATED_ROUTES.filter((route) => !route.operationId || !mapped(route))
    expect(unmapped).toEqual([])
  })

  it('answers every public route without a credential', async () => {
    const instance = app()
    // The OIDC provider's routes need the tables and their protocol parameters: test/reliability/oidc.e2e.test.ts.
    for (const route of PUBLIC_ROUTES.filter((candidate) => candidate.surface !== 'oidc')) {
      const response = await instance.request(route.path, { method: route.method })
      // A public POST (sign-in, refresh) without a body is refused for its body, never for a missing credential.
      if (route.method === 'GET') expect(response.status, `${route.method} ${route.path}`).toBe(200)
      else expect(response.status, `${route.method} ${route.path}`).toBe(400)
    }
  })

  it('is listed in the README: every public route', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
    const section = /## Public routes\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? ''
    for (const route of PUBLIC_ROUTES) expect(section, `README "Public routes" must list ${route.method} ${route.path}`).toContain(`${route.method} ${route.path}`)
  })
})
