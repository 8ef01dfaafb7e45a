// The authorizer's route map: an API Gateway route key (`GET /orders/{id}`, `ANY /files/{path+}`, `$default`) → the
// permission a caller needs for it, an action and a resource template in the canonical resource format
// (domain/authz/resource.ts). Placeholders: `{organizationId}` and `{principalId}` are the caller's; any other
// `{name}` is the route's path parameter of that name (which also wins over the caller's two, so
// `/organizations/{organizationId}/…` checks the organization in the path). A route missing from the map is denied.
import { z } from 'zod'

export interface RoutePermission {
  action: string
  resource: string
}

export interface RouteEntry extends RoutePermission {
  /** Path parameters the route key declares; the greedy ones (`{name+}`) may hold `/`. */
  parameters: ReadonlyMap<string, { greedy: boolean }>
}

export type RouteMap = ReadonlyMap<string, RouteEntry>

export interface Caller {
  organizationId: string
  principalId: string
}

const METHODS = 'ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS'
const ROUTE_KEY = new RegExp(`^(\\$default|(${METHODS}) /\\S*)$`)
const ACTION = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}/g
const CALLER_FIELDS = new Set(['organizationId', 'principalId'])

const routeMapSchema = z.record(
  z.string().regex(ROUTE_KEY, 'a route key is `$default` or `METHOD /path` (API Gateway HTTP API)'),
  z.strictObject({
    action: z.string().regex(ACTION, 'an action is `service:resource:operation`, without wildcards'),
    resource: z.string().regex(/^org\/\S+$/, 'a resource template starts with `org/`').refine((value) => !/[*?]/.test(value), 'a resource template has no wildcards'),
  }),
)

export class RouteMapError extends Error {}

/** Parses and checks a route map (JSON text or a parsed value); throws a RouteMapError that says what is wrong. */
export function parseRouteMap(source: unknown): RouteMap {
  let value = source
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source)
    } catch (error) {
      throw new RouteMapError(`the authorizer route map is not JSON: ${(error as Error).message}`)
    }
  }
  const parsed = routeMapSchema.safeParse(value)
  if (!parsed.success) {
    throw new RouteMapError(`invalid authorizer route map: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`)
  }
  const routes = new Map<string, RouteEntry>()
  for (const [routeKey, permission] of Object.entries(parsed.data)) {
    const parameters = new Map([...routeKey.matchAll(PLACEHOLDER)].map((match) => [match[1] as string, { greedy: match[2] === '+' }]))
    for (const [, name] of permission.resource.matchAll(PLACEHOLDER)) {
      if (!parameters.has(name as string) && !CALLER_FIELDS.has(name as string)) {
        throw new RouteMapError(`invalid authorizer route map: ${routeKey}: {${name}} is neither a path parameter of the route nor organizationId or principalId`)
      }
    }
    routes.set(routeKey, { ...permission, parameters })
  }
  return routes
}

/** The permission a request on `routeKey` needs, its resource filled in; a string says why there is none. */
export function requiredPermission(
  routes: RouteMap,
  routeKey: string,
  pathParameters: Readonly<Record<string, string | undefined>>,
  caller: Caller,
): RoutePermission | 'unmapped_route' | 'invalid_path_parameter' {
  const route = routes.get(routeKey)
  if (!route) return 'unmapped_route'
  let invalid = false
  const resource = route.resource.replace(PLACEHOLDER, (_, name: string) => {
    const parameter = route.parameters.get(name)
    const value = parameter ? pathParameters[name] : caller[name as keyof Caller]
    if (value === undefined || !safeValue(value, parameter?.greedy ?? false)) {
      invalid = true
      return ''
    }
    return canonicalId(value)
  })
  return invalid ? 'invalid_path_parameter' : { action: route.action, resource }
}

/** A value may not add wildcards, climb out of its place, or (unless greedy) add segments. */
function safeValue(value: string, greedy: boolean): boolean {
  if (value === '' || /[*?\s]/.test(value)) return false
  const segments = value.split('/')
  if (!greedy && segments.length > 1) return false
  return segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids in resources are 32 lower-case hex digits, as the grants name them; a UUID is written that way. */
function canonicalId(value: string): string {
  return UUID.test(value) || /^[0-9A-F]{32}$/i.test(value) ? value.replaceAll('-', '').toLowerCase() : value
}
