// Writes of the SCP groups, policies and bindings through the command runner (DESIGN §4, §5): the plan, the
// Idempotency-Key record and the consistency token every write answers. A replay answers the resource as it is
// now, found again by its id.
import { isDomainError, type DomainError } from '../../../../domain/core/errors.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import type { PlannedWrites } from '../../../../domain/scaleway/plan.js'
import { hashRequest } from '../../../store/idempotency.js'
import type { ScpRequest, ScpStatus, ScpSuccess } from '../operation.js'

export interface WriteOptions<R> {
  serializeOn: string[]
  plan: (ctx: CommandContext) => Promise<{ writes: PlannedWrites; result: R } | DomainError>
  resourceIdOf: (result: R) => string
  status?: ScpStatus
}

export type WriteOutcome<R> = { replayed: false; result: R; token: string } | { replayed: true; resourceId: string; token: string } | DomainError

export async function runWrite<R>(request: ScpRequest, options: WriteOptions<R>): Promise<WriteOutcome<R>> {
  const { services, meta, organizationId, principal, idempotencyKey, operationId, params, query, body } = request
  const outcome = await services.commands.run<R>({
    serializeOn: options.serializeOn,
    meta,
    ...(idempotencyKey !== undefined && {
      idempotency: {
        organizationId,
        principalId: principal.id,
        key: idempotencyKey,
        requestHash: hashRequest(operationId, params, query ?? {}, body ?? {}),
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
  return outcome.replayed ? { replayed: true, resourceId: outcome.resourceId, token: outcome.token } : { replayed: false, result: outcome.result, token: outcome.token }
}

/** The response of a write: the rendered result, or on a replay the resource as it is now. */
export async function respond<R>(
  outcome: WriteOutcome<R>,
  render: (result: R) => Promise<unknown>,
  reload: (resourceId: string) => Promise<unknown | DomainError>,
): Promise<ScpSuccess | DomainError> {
  if (isDomainError(outcome)) return outcome
  if (!outcome.replayed) return { body: await render(outcome.result), consistencyToken: outcome.token }
  const body = await reload(outcome.resourceId)
  if (isDomainError(body)) return body
  return { body, consistencyToken: outcome.token, headers: { 'Idempotent-Replayed': 'true' } }
}

/** The response of a delete (204). */
export function respondEmpty<R>(outcome: WriteOutcome<R>): ScpSuccess | DomainError {
  if (isDomainError(outcome)) return outcome
  return outcome.replayed ? { consistencyToken: outcome.token, headers: { 'Idempotent-Replayed': 'true' } } : { consistencyToken: outcome.token }
}
