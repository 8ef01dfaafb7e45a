// How an SCP operation plugs into the wire layer. The route (method, path, versions, action) is fixed by
// domain/scp/routes.ts; a handler brings its schemas and its code:
//
//   export const groupHandlers = defineHandlers(
//     operation('GetGroup', {
//       response: GroupShowResponse,                          // zod, for the OpenAPI document
//       handler: async ({ params, principal, services }) => {
//         const group = await loadGroup(services, principal.organizationId, params.group_id!)   // 32-hex, canonical
//         if (!group) return notFound('group', params.group_id!)                                 // domain error → 404
//         return { body: { group: render(group) } }                                            // wire JSON as is
//       },
//     }),
//     operation('CreateGroup', { body: GroupCreateRequest, response: GroupShowResponse, status: 201, handler: … }),
//   )
//
// Before a handler runs, the request has been version-checked, authenticated (signature), its path parameters
// made canonical (ids 32-hex, `srn` decoded), `query` and `body` parsed by the given zod schemas (400 naming the
// field), and the caller authorized for `iam:<OperationId>` on the route's resource (403). Answer
// `{status?, body?, headers?, consistencyToken?}` (status defaults to the definition's, 200 or 204), a
// DomainError (or throw DomainFailure), or `{error: ScpWireError}` for what no DomainError names. Writes go through `services.commands.run` and answer its token.
import type { z } from '@hono/zod-openapi'
import type { DomainError } from '../../../domain/core/errors.js'
import type { Id } from '../../../domain/core/ids.js'
import type { RequestMeta } from '../../../domain/core/ports.js'
import type { ScpOperationId, ScpVersion } from '../../../domain/scp/routes.js'
import type { ScpPrincipal, ScpServices } from './deps.js'
import type { ScpWireError } from './errors.js'
import { mergeHandlerGroups } from '../handlerGroups.js'

type Out<S> = S extends z.ZodType ? z.output<S> : undefined

export interface ScpRequest<Query = unknown, Body = unknown> {
  operationId: ScpOperationId
  version: ScpVersion
  /** Canonical path parameters: `*_id` as 32 lowercase hex, `srn` as SRN text, others as received. */
  params: Readonly<Record<string, string>>
  query: Query
  body: Body
  principal: ScpPrincipal
  /** The caller's account (= organization). A path `account_id` has been authorized to be this one. */
  organizationId: Id
  /** Metadata for the events of this request (actor, request id, source IP, user agent, surface `scp`). */
  meta: RequestMeta
  now: Date
  /** `X-Consistency-Token` values: wait for them before reading projections (DESIGN §5). */
  consistencyTokens: readonly string[]
  /** The `Idempotency-Key` header, for CommandRequest.idempotency (DESIGN §4). */
  idempotencyKey: string | undefined
  /** The request path and its raw query (first value per key), e.g. for marker-style `links`. */
  path: string
  rawQuery: Readonly<Record<string, string>>
  services: ScpServices
}

export type ScpStatus = 200 | 201 | 202 | 204

export interface ScpSuccess {
  status?: ScpStatus
  /** The wire JSON, sent as is; none for 204. */
  body?: unknown
  headers?: Record<string, string>
  /** Every write answers its consistency token (`X-Consistency-Token`). */
  consistencyToken?: string
}

export interface OperationDefinition<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined> {
  summary?: string
  /** Parses the query object: one string per key, an array for a repeated key. Unknown keys are dropped. */
  query?: Q
  /** Parses the body (JSON; an empty body reads as `{}`). Without it the body is ignored. */
  body?: B
  /** `multipart` bodies (SAML metadata) are read as form fields and files (`File`) before `body` parses them. */
  bodyType?: 'json' | 'multipart'
  /** The success body's schema, for the OpenAPI document. */
  response?: z.ZodType
  /** The documented success status: default 200 with a response, 204 without. */
  status?: ScpStatus
  handler(request: ScpRequest<Out<Q>, Out<B>>): Promise<ScpSuccess | DomainError | ScpFailure>
}

/** A failure no DomainError names (a 429, say), in the SCP error body (errors.ts). */
export interface ScpFailure {
  error: ScpWireError
}

export type AnyOperationDefinition = OperationDefinition<z.ZodType | undefined, z.ZodType | undefined>

export type ScpHandlers = Partial<Record<ScpOperationId, AnyOperationDefinition>>

/** One operation's definition, typed by its schemas. */
export function operation<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  operationId: ScpOperationId,
  definition: OperationDefinition<Q, B>,
): ScpHandlers {
  return { [operationId]: definition } as ScpHandlers
}

/** Merges handler groups; an operation given twice is a wiring bug and fails at start. */
export function defineHandlers(...groups: ScpHandlers[]): ScpHandlers {
  return mergeHandlerGroups('SCP', groups)
}
