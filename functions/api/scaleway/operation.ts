// Operation handlers: how a Scaleway operation plugs into the wire layer without touching routing.
//
//   export const applicationHandlers = defineHandlers(
//     operation('GetApplication', async ({ input, principal, deps }) => {
//       const app = await loadApplication(deps.services, input.params.application_id)   // canonical 32-hex id
//       if (!app || app.organizationId !== principal.organizationId) return notFound('application', input.params.application_id)
//       return { body: { id: app.id, name: app.name, …, created_at: app.createdAt } }     // canonical ids, Dates
//     }),
//   )
//
// Every request is authenticated, parsed by the route's zod schemas (400/404 before the handler runs) and
// authorized for its operation before its handler is called; an operation without a handler answers 501.
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { DomainFailure, isDomainError, type DomainError } from '../../../domain/core/errors.js'
import type { Id } from '../../../domain/core/ids.js'
import type { RequestMeta } from '../../../domain/core/ports.js'
import type { Principal, ScalewayDeps, Scope } from './deps.js'
import type { ScalewayEnv } from './env.js'
import { fromDomainError, invalidArguments, notImplemented, sendError } from './errors.js'
import { conditionContext, requestMeta } from './request.js'
import { ROUTES, type OperationId, type Routes } from './routes/index.js'
import { mergeHandlerGroups } from '../handlerGroups.js'

type Part<R, K extends 'params' | 'query'> = R extends { request: { [P in K]: infer S extends z.ZodType } } ? z.output<S> : Record<string, never>
type BodyOf<R> = R extends { request: { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } } }
  ? z.output<S>
  : Record<string, never>
type ResponseOf<R> = R extends { responses: { 200: { content: { 'application/json': { schema: infer S extends z.ZodType } } } } }
  ? z.output<S>
  : undefined

/** The parsed request: ids canonical (32 hex), timestamps `Date`, durations seconds, defaults applied. */
export interface OperationInput<Op extends OperationId> {
  params: Part<Routes[Op], 'params'>
  query: Part<Routes[Op], 'query'>
  body: BodyOf<Routes[Op]>
}

/** What a handler answers with: the response schema's domain side (ids in any rendering, Dates or ISO strings, seconds). */
export type OperationOutput<Op extends OperationId> = ResponseOf<Routes[Op]>

export interface OperationRequest<Op extends OperationId> {
  operationId: Op
  input: OperationInput<Op>
  principal: Principal
  /** The organization the request acts in: its `organization_id` (path, query or body), else the caller's. */
  organizationId: Id
  /** Event metadata for this request (actor, request id, source IP, user agent, surface). */
  meta: RequestMeta
  now: Date
  /** `X-Consistency-Token` values the client sent: wait for them before reading projections (DESIGN §5). */
  consistencyTokens: readonly string[]
  /** The `Idempotency-Key` header, for CommandRequest.idempotency (DESIGN §4). */
  idempotencyKey: string | undefined
  deps: ScalewayDeps
}

export interface OperationSuccess<Body> {
  body: Body
  /** Every write answers its consistency token (DESIGN §5). */
  consistencyToken?: string
  /** Extra response headers, e.g. `Idempotent-Replayed: true`. */
  headers?: Record<string, string>
}

/** A domain error (rendered by errors.ts), or the response: `body` for 200 operations, nothing for 204 ones. */
export type OperationResult<Op extends OperationId> =
  | DomainError
  | ([OperationOutput<Op>] extends [undefined] ? Partial<OperationSuccess<undefined>> : OperationSuccess<OperationOutput<Op>>)

export type OperationHandler<Op extends OperationId> = (request: OperationRequest<Op>) => Promise<OperationResult<Op>>

export type Handlers = { [Op in OperationId]?: OperationHandler<Op> }

/** One handler, typed by its operation. Handlers may also throw `DomainFailure`. */
export function operation<Op extends OperationId>(operationId: Op, handler: OperationHandler<Op>): Handlers {
  return { [operationId]: handler } as Handlers
}

/** Merges handler groups; an operation given twice is a wiring bug and fails at start. */
export function defineHandlers(...groups: Handlers[]): Handlers {
  return mergeHandlerGroups('Scaleway', groups)
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/
const MAX_CONSISTENCY_TOKENS = 16

/** The final step of every route: authorize, call the handler (or answer 501), render the result. */
export function dispatch(operationId: OperationId, deps: ScalewayDeps, handlers: Handlers) {
  const route = ROUTES[operationId]
  const responseSchema = successSchema(route)
  type AnyRequest = OperationRequest<OperationId>
  type AnySuccess = Partial<OperationSuccess<unknown>>

  return async (c: Context<ScalewayEnv>): Promise<Response> => {
    const principal = c.get('principal')
    const info = c.get('request')
    const input = { params: validated(c, 'param'), query: validated(c, 'query'), body: validated(c, 'json') }
    const idempotencyKey = c.req.header('idempotency-key')?.trim()
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      return sendError(c, invalidArguments([{ argument_name: 'Idempotency-Key', reason: 'format', help_message: 'must be 1 to 255 printable characters' }]))
    }
    const now = deps.clock.now()
    const consistencyTokens = (c.req.header('x-consistency-token') ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0)
      .slice(0, MAX_CONSISTENCY_TOKENS)
    const scope = scopeOf(input, principal)

    const denied = await deps.authorize({ principal, operationId, scope, context: conditionContext(info, now), consistencyTokens, input })
    if (denied) return sendError(c, fromDomainError(denied))

    const handler = handlers[operationId] as ((request: AnyRequest) => Promise<DomainError | AnySuccess>) | undefined
    if (!handler) return sendError(c, notImplemented(operationId))

    let result: DomainError | AnySuccess
    try {
      result = await handler({
        operationId,
        input: input as AnyRequest['input'],
        principal,
        organizationId: scope.organizationId,
        meta: requestMeta(info, principal),
        now,
        consistencyTokens,
        idempotencyKey,
        deps,
      })
    } catch (error) {
      if (error instanceof DomainFailure) return sendError(c, fromDomainError(error.error))
      throw error
    }
    if (isDomainError(result)) return sendError(c, fromDomainError(result))

    for (const [name, value] of Object.entries(result.headers ?? {})) c.header(name, value)
    if (result.consistencyToken) c.header('X-Consistency-Token', result.consistencyToken)
    if (!responseSchema) return c.body(null, 204)
    // Encoding renders ids as UUIDs and times as RFC 3339, and fails (a 500, a bug) on a field the handler forgot.
    return c.json(z.encode(responseSchema, result.body) as object, 200)
  }
}

function successSchema(route: Routes[OperationId]): z.ZodType | undefined {
  const responses = route.responses as Record<string, { content?: Record<string, { schema: z.ZodType }> }>
  return responses[200]?.content?.['application/json']?.schema
}

function validated(c: Context<ScalewayEnv>, target: 'param' | 'query' | 'json'): Record<string, unknown> {
  return ((c.req.valid as (target: string) => unknown)(target) ?? {}) as Record<string, unknown>
}

/** The organization a request names (path, query or body `organization_id`), else the caller's; the project it names. */
export function scopeOf(input: { params: Record<string, unknown>; query: Record<string, unknown>; body: Record<string, unknown> }, principal: Principal): Scope {
  const named = [input.params.organization_id, input.query.organization_id, input.body.organization_id].find(isString)
  const project = [input.body.project_id, input.query.project_id].find(isString)
  return { organizationId: named ?? principal.organizationId, ...(project ? { projectId: project } : {}) }
}

function isString(value: unknown): value is string {
  return typeof value === 'string'
}
