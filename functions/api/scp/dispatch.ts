// The last step of every SCP route: path parameters, query and body parsing, authorization through the engine,
// then the handler (or 501) and the response.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { CONTEXT_KEYS } from '../../../domain/authz/context.js'
import { DomainFailure, isDomainError, type DomainError } from '../../../domain/core/errors.js'
import { scpRouteResource, type ScpRoute, type ScpOperationId } from '../../../domain/scp/routes.js'
import type { ScpDeps, ScpPrincipal, ScpServices } from './deps.js'
import type { ScpEnv } from './env.js'
import { fromDomainError, fromValidationIssues, invalidArgument, notImplemented, sendError, type ScpWireError } from './errors.js'
import type { AnyOperationDefinition, ScpFailure, ScpSuccess } from './operation.js'
import { canonicalParams } from './params.js'
import { principalSrn } from './srn.js'

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/
const MAX_CONSISTENCY_TOKENS = 16

/** The context keys conditions read (domain/scp/policyDocument/README.md): region, source IP, time, principal. */
export const SCP_CONTEXT_KEYS = {
  requestedRegion: 'scp:RequestedRegion',
  sourceIp: 'scp:SourceIp',
  currentTime: 'scp:CurrentTime',
  principalSrn: 'scp:PrincipalSrn',
} as const

export function dispatch(route: ScpRoute, definition: AnyOperationDefinition | undefined, deps: ScpDeps, region: string) {
  const operationId = route.operationId as ScpOperationId
  return async (c: Context<ScpEnv>): Promise<Response> => {
    const principal = c.get('principal')
    const info = c.get('request')
    const canonical = canonicalParams(c.req.param() as Record<string, string>)
    if (!canonical.ok) return sendError(c, canonical.error)
    const { params } = canonical

    const rawQuery = queryObject(c)
    let query: unknown = undefined
    if (definition?.query) {
      const parsed = definition.query.safeParse(rawQuery)
      if (!parsed.success) return sendError(c, fromValidationIssues('query', parsed.error.issues))
      query = parsed.data
    }
    let body: unknown = undefined
    if (definition?.body) {
      const read = await readBody(c, definition.bodyType ?? 'json')
      if (!read.ok) return sendError(c, read.error)
      const parsed = definition.body.safeParse(read.value)
      if (!parsed.success) return sendError(c, fromValidationIssues('body', parsed.error.issues))
      body = parsed.data
    }
    const idempotencyKey = c.req.header('idempotency-key')?.trim()
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      return sendError(c, invalidArgument('Idempotency-Key', 'format', 'Idempotency-Key must be 1 to 255 printable characters'))
    }
    const consistencyTokens = (c.req.header('x-consistency-token') ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0)
      .slice(0, MAX_CONSISTENCY_TOKENS)

    const now = deps.clock.now()
    const resource = scpRouteResource(route, principal.organizationId, params)
    if (resource === undefined) return sendError(c, invalidArgument('srn', 'format', 'srn is not a valid SRN'))
    const srnEnv = deps.services.srnEnv
    const decision = await deps.checker.check({
      principal: { organizationId: principal.organizationId, kind: principal.kind, id: principal.id },
      action: route.action,
      resource,
      context: {
        [SCP_CONTEXT_KEYS.requestedRegion]: region,
        [SCP_CONTEXT_KEYS.sourceIp]: info.sourceIp,
        [SCP_CONTEXT_KEYS.currentTime]: now.toISOString(),
        [SCP_CONTEXT_KEYS.principalSrn]: principalSrn(srnEnv, principal),
        [CONTEXT_KEYS.ip]: info.sourceIp,
        [CONTEXT_KEYS.userAgent]: info.userAgent,
        [CONTEXT_KEYS.time]: now.toISOString(),
      },
      consistency: consistencyTokens,
    })
    if (decision.reason === 'stale') return sendError(c, fromDomainError({ kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }))
    if (decision.decision !== 'allow') return sendError(c, fromDomainError({ kind: 'permission_denied', resource, action: route.action }))

    if (!definition) return sendError(c, notImplemented(operationId))
    let result: ScpSuccess | DomainError | ScpFailure
    try {
      result = await definition.handler({
        operationId,
        version: c.get('version'),
        params,
        query,
        body,
        principal,
        organizationId: principal.organizationId,
        meta: { actor: { kind: principal.kind, id: principal.id }, requestId: info.requestId, sourceIp: info.sourceIp, userAgent: info.userAgent, surface: 'scp' },
        now,
        consistencyTokens,
        idempotencyKey,
        path: c.req.path,
        rawQuery: firstValues(rawQuery),
        services: deps.services as ScpServices,
      })
    } catch (error) {
      if (error instanceof DomainFailure) return sendError(c, fromDomainError(error.error))
      throw error
    }
    if (isDomainError(result)) return sendError(c, fromDomainError(result))
    if ('error' in result) return sendError(c, result.error)
    for (const [name, value] of Object.entries(result.headers ?? {})) c.header(name, value)
    if (result.consistencyToken) c.header('X-Consistency-Token', result.consistencyToken)
    const status = result.status ?? definition.status ?? (definition.response ? 200 : 204)
    if (status === 204 || result.body === undefined) return c.body(null, status === 204 ? 204 : (status as ContentfulStatusCode))
    return c.json(result.body as object, status)
  }
}

export type { ScpPrincipal }

function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, values] of Object.entries(c.req.queries())) out[key] = values.length === 1 ? (values[0] as string) : values
  return out
}

function firstValues(query: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? (value[0] ?? '') : value]))
}

type BodyRead = { ok: true; value: unknown } | { ok: false; error: ScpWireError }

/** JSON leniently (any Content-Type, empty = `{}`), or multipart form fields and files. */
async function readBody(c: Context, type: 'json' | 'multipart'): Promise<BodyRead> {
  if (type === 'multipart') {
    try {
      return { ok: true, value: await c.req.parseBody({ all: true }) }
    } catch {
      return { ok: false, error: invalidArgument('body', 'format', 'the request body is not multipart/form-data') }
    }
  }
  const text = await c.req.text()
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // Never the parser's message: it quotes the body, which may hold a password.
    return { ok: false, error: invalidArgument('body', 'format', 'the request body is not valid JSON') }
  }
}
