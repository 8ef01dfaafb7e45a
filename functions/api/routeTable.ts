// The app-wide route table (DESIGN §8): every route the app serves is `public` (health, OpenAPI documents, and
// later OIDC discovery, JWKS, OAuth2, sign-in, sign-up) or `authenticated`, assembled from the table each surface
// exports. The reliability suites are driven by it (authorization matrix, tenant isolation, fuzzing), and a test
// walks the Hono app's routes so that a route nobody classified fails the suite. README lists the public ones.
import { AUTHZ_ROUTES } from '../../domain/scaleway/routes.js'
import { AUTHZ_OPENAPI_PATH } from '../authz/http.js'
import { OIDC_PUBLIC_ROUTES, OIDC_SIGNUP_ROUTE } from '../oidc/app.js'
import { NSCALE_PUBLIC_ROUTES, NSCALE_ROUTE_TABLE } from './nscale/app.js'
import { BASE_PATH as NSCALE_BASE_PATH } from './nscale/routes.js'
import { SCALEWAY_EXTENSION_ROUTE_TABLE, SCALEWAY_PUBLIC_ROUTES, SCALEWAY_ROUTE_TABLE } from './scaleway/app.js'
import { BASE_PATH as SCALEWAY_BASE_PATH } from './scaleway/routes/index.js'
import { SCP_BASE_PATH, SCP_PUBLIC_ROUTES, SCP_ROUTE_TABLE } from './scp/app.js'

export type RouteAccess = 'public' | 'authenticated'

export interface ClassifiedRoute {
  surface: string
  /** Upper case. */
  method: string
  /** Full path, parameters as `{name}`. */
  path: string
  access: RouteAccess
  /** The operation (authenticated routes map to one catalogue permission through it). */
  operationId?: string
}

export const ROUTE_TABLE: readonly ClassifiedRoute[] = [
  { surface: 'app', method: 'GET', path: '/healthz', access: 'public' },
  ...SCALEWAY_PUBLIC_ROUTES.map((route) => ({ surface: 'scaleway', ...route, access: 'public' as const })),
  ...SCALEWAY_ROUTE_TABLE.map((route) => ({ surface: 'scaleway', ...route, access: 'authenticated' as const })),
  ...SCALEWAY_EXTENSION_ROUTE_TABLE.map((route) => ({ surface: 'scaleway', ...route, access: 'authenticated' as const })),
  { surface: 'authz', method: 'GET', path: AUTHZ_OPENAPI_PATH, access: 'public' },
  ...AUTHZ_ROUTES.map((route) => ({ surface: 'authz', method: route.method, path: route.path, operationId: route.operationId, access: 'authenticated' as const })),
  ...SCP_PUBLIC_ROUTES.map((route) => ({ surface: 'scp', method: route.method, path: route.path, access: 'public' as const })),
  ...SCP_ROUTE_TABLE.map((route) => ({ surface: 'scp', ...route, access: 'authenticated' as const })),
  ...NSCALE_PUBLIC_ROUTES.map((route) => ({ surface: 'nscale', method: route.method, path: route.path, access: 'public' as const })),
  ...NSCALE_ROUTE_TABLE.map((route) => ({ surface: 'nscale', ...route, access: 'authenticated' as const })),
  ...[...OIDC_PUBLIC_ROUTES, OIDC_SIGNUP_ROUTE].map((route) => ({ surface: 'oidc', method: route.method, path: route.path, access: 'public' as const })),
]

/**
 * Catch-alls that serve no resource: the app's middleware and not-found answer, and each surface's own unmatched
 * route (404 or 405 in its error shape). Any other wildcard route must be classified like the rest.
 */
export const CATCH_ALL_ROUTES: readonly { method: 'ALL'; path: string }[] = [
  { method: 'ALL', path: '/*' },
  { method: 'ALL', path: `${SCALEWAY_BASE_PATH}/*` },
  { method: 'ALL', path: `${SCP_BASE_PATH}/*` },
  { method: 'ALL', path: `${NSCALE_BASE_PATH}/*` },
]

export const PUBLIC_ROUTES = ROUTE_TABLE.filter((route) => route.access === 'public')
export const AUTHENTICATED_ROUTES = ROUTE_TABLE.filter((route) => route.access === 'authenticated')

/** Hono writes parameters `:name`; the table (and OpenAPI) `{name}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}')
}

const byKey = new Map(ROUTE_TABLE.map((route) => [`${route.method} ${route.path}`, route]))

/** The classification of a route as Hono lists it (`app.routes`), or undefined when nobody classified it. */
export function classifyRoute(method: string, honoPath: string): ClassifiedRoute | undefined {
  return byKey.get(`${method.toUpperCase()} ${openApiPath(honoPath)}`)
}

export function isCatchAll(method: string, honoPath: string): boolean {
  return CATCH_ALL_ROUTES.some((route) => route.method === method.toUpperCase() && route.path === honoPath)
}
