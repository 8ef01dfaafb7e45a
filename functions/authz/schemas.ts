// Wire schemas of the authorization API (snake_case JSON). The OpenAPI document is generated from these.
import { z } from '@hono/zod-openapi'
import { normalizeId } from '../../domain/core/ids.js'
import { PRINCIPAL_KINDS } from '../../domain/core/principal/events.js'

/** Any id rendering (UUID, 32 hex, ULID), decoded to the canonical 32 hex. */
const id = z
  .string()
  .max(64)
  .refine((value) => normalizeId(value) !== undefined, { message: 'must be an id (a UUID or 32 hex digits)' })
  .transform((value) => normalizeId(value) as string)
  .openapi({ example: '6f0ad2e4-3c0a-4b6e-9d7e-7a3c8f1e2b10' })

const scalar = z.union([z.string().max(4096), z.number(), z.boolean()])

const Principal = z
  .object({ organization_id: id, kind: z.enum(PRINCIPAL_KINDS), id })
  .openapi('AuthzPrincipal', { description: 'The principal asked about; it must belong to the caller\'s organization.' })

const Context = z
  .record(z.string().min(1).max(256), z.union([scalar, z.array(scalar).max(100)]))
  .openapi('AuthzContext', { description: 'Request facts conditions read, e.g. `request:ip`, `request:user_agent`, `request:time`.' })

const Check = z
  .object({
    action: z.string().min(1).max(256).openapi({ example: 'iam:users:read' }),
    resource: z.string().min(1).max(2048).openapi({ description: 'A canonical resource string, e.g. `org/<org>/project/<project>`.' }),
    context: Context.optional(),
  })
  .openapi('AuthzCheckItem')

/** Checks per request; DynamoDB reads stay one, so only distinct resources are bounded (99). */
export const MAX_CHECKS = 500

export const CheckBody = z
  .object({ principal: Principal, checks: z.array(Check).min(1).max(MAX_CHECKS) })
  .openapi('AuthzCheckRequest')

export const ExplainBody = z
  .object({ principal: Principal, action: Check.shape.action, resource: Check.shape.resource, context: Context.optional() })
  .openapi('AuthzExplainRequest')

const Source = z
  .object({
    surface: z.string(),
    policy_id: z.string(),
    policy_version: z.number().int(),
    rule_id: z.string().optional(),
  })
  .openapi('AuthzStatementSource', { description: 'Where a statement comes from: the policy, its compiled version and the rule.' })

const Matched = z.object({ effect: z.enum(['allow', 'deny']), source: Source }).openapi('AuthzMatchedStatement')

const REASONS = ['allowed', 'explicit_deny', 'implicit_deny', 'owner', 'locked', 'deleted', 'unknown_principal', 'stale'] as const

const Result = z
  .object({
    decision: z.enum(['allow', 'deny']),
    reason: z.enum(REASONS),
    matched: z.array(Matched),
    missing_context_keys: z.array(z.string()),
  })
  .openapi('AuthzResult')

export const CheckResponse = z.object({ results: z.array(Result) }).openapi('AuthzCheckResponse')

const Statement = z
  .object({
    effect: z.enum(['allow', 'deny']),
    actions: z.array(z.string()).optional(),
    not_actions: z.array(z.string()).optional(),
    resources: z.array(z.string()).optional(),
    not_resources: z.array(z.string()).optional(),
    principals: z.array(z.string()).optional(),
    condition: z.union([
      z.object({ kind: z.literal('cel'), expression: z.string() }),
      z.object({ kind: z.literal('operators'), block: z.record(z.string(), z.record(z.string(), z.unknown())) }),
    ]).optional(),
    source: Source,
  })
  .openapi('AuthzStatement')

export const ExplainResponse = Result.extend({
  principal_status: z.enum(['active', 'locked', 'deleted', 'unknown']),
  owner: z.boolean(),
  policies: z.array(z.object({
    path: z.string().openapi({ description: '`direct/<policy>` or `group/<group>/<policy>`' }),
    policy_id: z.string(),
    policy_version: z.number().int(),
    statement_count: z.number().int(),
    error: z.string().optional(),
  })),
  statements: z.array(Statement).openapi({ description: 'The statements that decided, in full.' }),
  condition_errors: z.array(z.object({ source: Source, message: z.string() })),
}).openapi('AuthzExplanation')

export const ErrorBody = z
  .object({ type: z.string(), message: z.string(), field: z.string().optional() })
  .openapi('AuthzError', { description: '`invalid_argument` (400), `unauthenticated` (401), `permission_denied` (403), `too_many_requests` (429), `stale` (503).' })
