// Operation handlers: how an nscale operation plugs into the wire layer without touching routing.
//
//   export const groupHandlers = defineHandlers(
//     operation('apiV1OrganizationsOrganizationIDGroupsGroupidGet', async ({ input, organizationId, deps }) => {
//       const group = await loadGroup(deps.services, organizationId, input.params.groupid)   // canonical 32-hex ids
//       if (!group) return notFound('group', input.params.groupid)                          // → 404 not_found
//       return { body: renderGroup(group) }                                                 // wire JSON (UUID ids)
//     }),
//   )
//
// Every request is authenticated (bearer), parsed by the route's zod schemas (400 invalid_request, a malformed
// path id 404) and authorized by the route's check (domain/nscale/routes.ts) before its handler is called;
// an operation without a handler answers 501. A handler answers a DomainError (rendered by errors.ts) or
// `{status?, body?, consistencyToken?, headers?}`: the status defaults to the route's documented success status,
// and routes documented with an empty body ("—") get no body whatever the handler gives. A malformed
// `Idempotency-Key` is 400; a valid one reaches the handler as `idempotency`, which writes pass to `runCommand`.
import type { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { DomainFailure, isDomainError, notFound, type DomainError } from '../../../domain/core/errors.js'
import type { RequestMeta } from '../../../domain/core/ports.js'
import { nscaleRoute } from '../../../domain/nscale/routes.js'
import type { RequestInfo } from '../request.js'
import type { Access } from './access.js'
import type { NscaleCaller, NscaleDeps } from './deps.js'
import type { NscaleEnv } from './env.js'
import { forbidden, fromDomainError, invalidRequest, notImplemented, sendError, wireError } from './errors.js'
import { ROUTES, type OperationId, type Routes } from './routes.js'
import { mergeHandlerGroups } from '../handlerGroups.js'
import { organizationIsListed } from './organizationIndex.js'
import { hashRequest, isValidIdempotencyKey } from '../../store/idempotency.js'

type Part<R, K extends 'params' | 'query'> = R extends { request: { [P in K]: infer S extends z.ZodType } } ? z.output<S> : Record<string, never>
type BodyOf<R> = R extends { request: { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } } }
  ? z.output<S>
  : Record<string, never>

/** The parsed request: ids canonical (32 hex). */
export interface OperationInput<Op extends OperationId> {
  params: Part<Routes[Op], 'params'>
  query: Part<Routes[Op], 'query'>
  body: BodyOf<Routes[Op]>
}

export interface OperationRequest<Op extends OperationId> {
  operationId: Op
  input: OperationInput<Op>
  caller: NscaleCaller
  /** The path's organization (canonical), when the route has one. */
  organizationId: string | undefined
  /** Event metadata for this request (actor, request id, source IP, user agent, surface `nscale`). */
  meta: RequestMeta
  now: Date
  /** `X-Consistency-Token` values the client sent: wait for them before reading projections (DESIGN §5). */
  consistencyTokens: readonly string[]
  /** The same checks the routes make, for list filters and anti-escalation (access.ts). */
  access: Access
  /** The request's `Idempotency-Key`, scoped and with the request's hash; writes pass it to `runCommand`. */
  idempotency: IdempotencyScope | undefined
  deps: NscaleDeps
}

/**
 * An `Idempotency-Key` (DESIGN §4): kept 24 h per organization and principal with the hash of what identifies the
 * request (operation, path ids, query, body), so the same key with another request is a 409 conflict.
 */
export interface IdempotencyScope {
  organizationId: string
  principalId: string
  key: string
  requestHash: string
}

export type SuccessStatus = 200 | 201 | 202

export interface OperationSuccess {
  /** Defaults to the route's documented success status. */
  status?: SuccessStatus
  body?: unknown
  /** Every write answers its consistency token (DESIGN §5). */
  consistencyToken?: string
  headers?: Record<string, string>
}

export type OperationResult = DomainError | OperationSuccess

export type OperationHandler<Op extends OperationId> = (request: OperationRequest<Op>) => Promise<OperationResult>

export type Handlers = { [Op in OperationId]?: OperationHandler<Op> }

/** One handler, typed by its operation. Handlers may also throw `DomainFailure`. */
export function operation<Op extends OperationId>(operationId: Op, handler: OperationHandler<Op>): Handlers {
  return { [operationId]: handler } as Handlers
}

/** Merges handler groups; an operation given twice is a wiring bug and fails at start. */
export function defineHandlers(...groups: Handlers[]): Handlers {
  return mergeHandlerGroups('nscale', groups)
}

const MAX_CONSISTENCY_TOKENS = 16

/** The final step of every route: authorize, call the handler (or answer 501), render the result. */
export function dispatch(operationId: OperationId, deps: NscaleDeps, access: Access, handlers: Handlers) {
  const route = ROUTES[operationId]
  const check = nscaleRoute(operationId)?.check
  const success = successOf(route)
  type AnyRequest = OperationRequest<OperationId>

  return async (c: Context<NscaleEnv>): Promise<Response> => {
    const caller = c.get('caller')
    const info = c.get('request')
    const input = { params: validated(c, 'param'), query: validated(c, 'query'), body: validated(c, 'json') }
    const now = deps.clock.now()
    const consistencyTokens = (c.req.header('x-consistency-token') ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0)
      .slice(0, MAX_CONSISTENCY_TOKENS)
    const organizationId = typeof input.params.organizationID === 'string' ? input.params.organizationID : undefined
    const projectId = typeof input.params.projectID === 'string' ? input.params.projectID : undefined
    const idempotencyKey = c.req.header('idempotency-key')?.trim()
    if (idempotencyKey !== undefined && !isValidIdempotencyKey(idempotencyKey)) {
      return sendError(c, invalidRequest('Idempotency-Key must be 1 to 255 printable ASCII characters without spaces'))
    }

    if (check) {
      const [decision] = await access.decide(caller, [{ ...check, organizationId, projectId }], consistencyTokens)
      if (decision === 'stale') return sendError(c, fromDomainError({ kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }))
      if (decision !== 'allow') return sendError(c, forbidden(`operation is not allowed by rbac (${check.endpoint}:${check.operation})`))
    }
    // Configuration, not the tenant's grants, allows platform administrators and services: the check never read the
    // organization for them, so an unknown or deleted one is found here (one GetItem, for them alone; spec §9 #8).
    // The organization's DELETE finds it itself, so that a repeated delete can replay its Idempotency-Key.
    const configured = caller.platformAdmin || caller.identity.kind === 'system_account'
    const findsItself = operationId === 'apiV1OrganizationsOrganizationIDDelete'
    if (organizationId !== undefined && configured && !findsItself && !(await organizationIsListed(deps.services, organizationId))) {
      return sendError(c, fromDomainError(notFound('organization', organizationId)))
    }

    const handler = handlers[operationId] as ((request: AnyRequest) => Promise<OperationResult>) | undefined
    if (!handler) return sendError(c, notImplemented(operationId))

    let result: OperationResult
    try {
      result = await handler({
        operationId,
        input: input as AnyRequest['input'],
        caller,
        organizationId,
        meta: requestMeta(info, caller),
        now,
        consistencyTokens,
        access,
        idempotency: idempotencyKey === undefined ? undefined : idempotencyScope(operationId, input, caller, organizationId, idempotencyKey),
        deps,
      })
    } catch (error) {
      if (error instanceof DomainFailure) return sendError(c, fromDomainError(error.error))
      throw error
    }
    if (isDomainError(result)) return sendError(c, fromDomainError(result))

    for (const [name, value] of Object.entries(result.headers ?? {})) c.header(name, value)
    if (result.consistencyToken) c.header('X-Consistency-Token', result.consistencyToken)
    c.header('Cache-Control', 'no-cache')
    const status = result.status ?? success.status
    if (!success.hasBody) return c.body(null, status)
    if (result.body === undefined) return sendError(c, wireError(500, 'server_error', `${operationId} answered no body`))
    return c.json(result.body as object, status)
  }
}

/**
 * The key's scope: the path's organization and the principal (the service account, or the person by subject).
 * Routes without an organization (POST /api/v1/organizations) keep no keys.
 */
function idempotencyScope(
  operationId: OperationId,
  input: { params: unknown; query: unknown; body: unknown },
  caller: NscaleCaller,
  organizationId: string | undefined,
  key: string,
): IdempotencyScope | undefined {
  if (!organizationId) return undefined
  const { identity } = caller
  const principalId = identity.kind === 'service_account' ? identity.principalId : caller.subject
  return { organizationId, principalId, key, requestHash: hashRequest(operationId, input.params, input.query, withoutSecrets(input.body)) }
}

/** A body as the request hash sees it: client secrets left out, so the state table never holds a fast hash of one. */
function withoutSecrets(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body ?? {}), (name, value) => (name === 'clientSecret' ? undefined : value))
}

/** The documented success status and whether it has a body. */
function successOf(route: Routes[OperationId]): { status: 200 | 201 | 202; hasBody: boolean } {
  const responses = route.responses as Record<string, { content?: unknown }>
  for (const status of [200, 201, 202] as const) {
    if (responses[status]) return { status, hasBody: responses[status]!.content !== undefined }
  }
  return { status: 200, hasBody: false }
}

function validated(c: Context<NscaleEnv>, target: 'param' | 'query' | 'json'): Record<string, unknown> {
  return ((c.req.valid as (target: string) => unknown)(target) ?? {}) as Record<string, unknown>
}

/** The metadata every event of this request carries (DESIGN §4). */
export function requestMeta(info: RequestInfo, caller: NscaleCaller): RequestMeta {
  const { identity } = caller
  const actor = identity.kind === 'service_account' ? { kind: 'service_account' as const, id: identity.principalId } : { kind: 'user' as const, id: identity.subject }
  return { actor, requestId: info.requestId, sourceIp: info.sourceIp, userAgent: info.userAgent, surface: 'nscale' }
}
