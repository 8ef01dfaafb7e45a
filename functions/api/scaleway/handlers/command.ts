// Writes through the command runner (DESIGN §4, §5): the plan, the Idempotency-Key record, and the consistency
// token every write answers. A replayed request answers the resource as it is now, found again by its id.
import { isDomainError, type DomainError } from '../../../../domain/core/errors.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import type { PlannedWrites } from '../../../../domain/scaleway/plan.js'
import { hashRequest } from '../../../store/idempotency.js'
import type { OperationRequest } from '../operation.js'
import type { OperationId } from '../routes/index.js'

export interface WriteOptions<R> {
  /** Streams serialized in process while the command runs. */
  serializeOn: string[]
  /** The writes and the result the response renders (usually the state after them). */
  plan: (ctx: CommandContext) => Promise<{ writes: PlannedWrites; result: R } | DomainError>
  /** The resource a replay of this request re-renders. */
  resourceIdOf: (result: R) => string
  /** The status the operation answers (200, or 204 for deletes). */
  status?: number
}

export type WriteOutcome<R> =
  | { replayed: false; result: R; token: string }
  | { replayed: true; resourceId: string; token: string }
  | DomainError

export async function runWrite<Op extends OperationId, R>(request: OperationRequest<Op>, options: WriteOptions<R>): Promise<WriteOutcome<R>> {
  const { deps, meta, principal, idempotencyKey, operationId, input } = request
  const outcome = await deps.services.commands.run<R>({
    serializeOn: options.serializeOn,
    meta,
    ...(idempotencyKey !== undefined && {
      idempotency: {
        organizationId: principal.organizationId,
        principalId: principal.id,
        key: idempotencyKey,
        requestHash: hashRequest(operationId, input.params, input.query, hashable(input.body)),
        resourceIdOf: options.resourceIdOf,
        status: options.status ?? 200,
      },
    }),
    plan: async (ctx) => {
      const planned = await options.plan(ctx)
      if (isDomainError(planned)) return planned
      return { appends: planned.writes.appends, extras: planned.writes.extras, result: planned.result }
    },
  })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed) return { replayed: true, resourceId: outcome.resourceId, token: outcome.token }
  return { replayed: false, result: outcome.result, token: outcome.token }
}

/**
 * A body as the request hash sees it: Dates as their ISO form, and passwords left out so that the state table never
 * holds a fast hash of one (the same key with another password replays the first request).
 */
function hashable(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body ?? {}), (name, value) => (name === 'password' ? undefined : value))
}

/** The response of a write: the rendered result, or on a replay the resource as it is now. */
export async function respond<R, Body>(
  outcome: WriteOutcome<R>,
  render: (result: R) => Body,
  reload: (resourceId: string) => Promise<Body | DomainError>,
): Promise<{ body: Body; consistencyToken: string; headers?: Record<string, string> } | DomainError> {
  if (isDomainError(outcome)) return outcome
  if (!outcome.replayed) return { body: render(outcome.result), consistencyToken: outcome.token }
  const body = await reload(outcome.resourceId)
  if (isDomainError(body)) return body
  return { body, consistencyToken: outcome.token, headers: { 'Idempotent-Replayed': 'true' } }
}

/** The response of a delete (204). */
export function respondEmpty<R>(outcome: WriteOutcome<R>): { consistencyToken: string; headers?: Record<string, string> } | DomainError {
  if (isDomainError(outcome)) return outcome
  return outcome.replayed ? { consistencyToken: outcome.token, headers: { 'Idempotent-Replayed': 'true' } } : { consistencyToken: outcome.token }
}
