// What the service-account, OAuth2-provider, quota and allocation handlers share: read metadata rendering
// (spec §2.4), list reads behind the consistency wait (DESIGN §5), and writes through the command runner.
import { tokensWithin } from '../../../../domain/core/consistency.js'
import { isDomainError, preconditionFailed, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext, Plan, RequestMeta } from '../../../../domain/core/ports.js'
import type { ResourceHistory, ResourceMetadata } from '../../../../domain/nscale/resourceMetadata.js'
import type { Model } from '../../../../projections/contract.js'
import { MAX_ITEMS_PER_APPEND } from '../../../store/eventStore.js'
import type { NscaleServices } from '../deps.js'

/** RFC 3339 at second precision, as upstream renders times. */
export function wireTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z')
}

/** The read metadata of a resource that is always `provisioned/healthy` (every kind but organizations and projects). */
export function readMetadata(id: string, metadata: ResourceMetadata, history: ResourceHistory) {
  return {
    id: toUuid(id),
    name: metadata.name,
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(metadata.tags && metadata.tags.length > 0 ? { tags: metadata.tags } : {}),
    creationTime: wireTime(history.createdAt),
    createdBy: history.createdBy,
    ...(history.modifiedAt ? { modifiedTime: wireTime(history.modifiedAt) } : {}),
    ...(history.modifiedBy ? { modifiedBy: history.modifiedBy } : {}),
    provisioningStatus: 'provisioned' as const,
    healthStatus: 'healthy' as const,
  }
}

/** A list projection's items of one organization, after the request's consistency tokens are covered (else 503). */
export async function readList<M extends Model>(
  services: Pick<NscaleServices, 'projector' | 'readStore'>,
  request: { consistencyTokens: readonly string[] },
  organizationId: string,
  projection: string,
  partition: string,
): Promise<M[] | DomainError> {
  if (request.consistencyTokens.length > 0 && !(await services.projector.waitFor(projection, tokensWithin(organizationId, request.consistencyTokens)))) {
    return { kind: 'stale', message: 'the list is still being updated' }
  }
  return (await services.readStore.query<M>(projection, organizationId, partition)).map((entry) => entry.model)
}

/**
 * Runs a command; the result and its consistency token, or the refusal. A plan that does not fit one transaction
 * (too many groups or allocation kinds at once) is refused (400), never attempted.
 */
export async function runCommand<R>(
  services: Pick<NscaleServices, 'commands'>,
  meta: RequestMeta,
  serializeOn: string[],
  plan: (ctx: CommandContext) => Promise<Plan<R> | DomainError>,
): Promise<{ result: R; token: string } | DomainError> {
  const bounded = async (ctx: CommandContext): Promise<Plan<R> | DomainError> => {
    const planned = await plan(ctx)
    if (isDomainError(planned)) return planned
    const items = planned.appends.reduce((sum, append) => sum + append.events.length, 0) + (planned.extras?.length ?? 0)
    if (items > MAX_ITEMS_PER_APPEND) return preconditionFailed('request_too_large', `the change touches ${items} items; at most ${MAX_ITEMS_PER_APPEND} are written at once`)
    return planned
  }
  const outcome = await services.commands.run<R>({ serializeOn, meta, plan: bounded })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed) throw new Error('a command without an idempotency key was replayed')
  return { result: outcome.result, token: outcome.token }
}
