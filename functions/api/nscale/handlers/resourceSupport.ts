// What the service-account, OAuth2-provider, quota and allocation handlers share: read metadata rendering
// (spec §2.4), list reads behind the consistency wait (DESIGN §5), and writes through the command runner with
// their Idempotency-Key handling (DESIGN §4).
import { isDomainError, preconditionFailed, type DomainError } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import type { CommandContext, Plan, RequestMeta } from '../../../../domain/core/ports.js'
import type { ResourceHistory, ResourceMetadata } from '../../../../domain/nscale/resourceMetadata.js'
import type { Model } from '../../../../projections/contract.js'
import { readOrganizationList } from '../../../projector/organizationReads.js'
import { MAX_ITEMS_PER_APPEND } from '../../../store/eventStore.js'
import type { NscaleServices } from '../deps.js'
import type { IdempotencyScope, OperationSuccess, SuccessStatus } from '../operation.js'

/** RFC 3339 at second precision, as upstream renders times. */
export function wireTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z')
}

/** Who wrote: a person's e-mail as is, a service account's id as the dashed UUID its own `metadata.id` shows. */
function wireSubject(subject: string): string {
  return /^[0-9a-f]{32}$/.test(subject) ? toUuid(subject) : subject
}

/** The read metadata of a resource that is always `provisioned/healthy` (every kind but organizations and projects). */
export function readMetadata(id: string, metadata: ResourceMetadata, history: ResourceHistory) {
  return {
    id: toUuid(id),
    name: metadata.name,
    ...(metadata.description ? { description: metadata.description } : {}),
    ...(metadata.tags && metadata.tags.length > 0 ? { tags: metadata.tags } : {}),
    creationTime: wireTime(history.createdAt),
    createdBy: wireSubject(history.createdBy),
    ...(history.modifiedAt ? { modifiedTime: wireTime(history.modifiedAt) } : {}),
    ...(history.modifiedBy ? { modifiedBy: wireSubject(history.modifiedBy) } : {}),
    provisioningStatus: 'provisioned' as const,
    healthStatus: 'healthy' as const,
  }
}

/** A list projection's items of one organization, after the request's consistency tokens are covered (else 503). */
export function readList<M extends Model>(
  services: Pick<NscaleServices, 'projector' | 'readStore'>,
  request: { consistencyTokens: readonly string[] },
  organizationId: string,
  projection: string,
  partition: string,
): Promise<M[] | DomainError> {
  return readOrganizationList<M>(services, organizationId, request.consistencyTokens, projection, partition)
}

/** Headers of an answer replayed for a repeated Idempotency-Key (DESIGN §4). */
const REPLAYED_HEADERS: Readonly<Record<string, string>> = { 'Idempotent-Replayed': 'true' }

/** How a write takes part in Idempotency-Key handling: the request's scope, its status and the resource it names. */
export interface Idempotent<R> {
  /** Undefined when the request carries no Idempotency-Key. */
  scope: IdempotencyScope | undefined
  status: SuccessStatus
  resourceIdOf: (result: R) => string
}

export type Fresh<R> = { replayed: false; result: R; token: string }
/** A repeated request: what the first one recorded (never a body: a replay re-renders the resource). */
export type Replayed = { replayed: true; resourceId: string; status: SuccessStatus; token: string }
export type Written<R> = Fresh<R> | Replayed

/**
 * Runs a command; the result and its consistency token, or the refusal, or with an Idempotency-Key the first
 * answer's record. A plan that does not fit one transaction (too many groups or allocation kinds at once) is
 * refused (412), never attempted.
 */
export async function runCommand<R>(
  services: Pick<NscaleServices, 'commands'>,
  meta: RequestMeta,
  serializeOn: string[],
  plan: (ctx: CommandContext) => Promise<Plan<R> | DomainError>,
): Promise<Fresh<R> | DomainError>
export async function runCommand<R>(
  services: Pick<NscaleServices, 'commands'>,
  meta: RequestMeta,
  serializeOn: string[],
  plan: (ctx: CommandContext) => Promise<Plan<R> | DomainError>,
  idempotent: Idempotent<R>,
): Promise<Written<R> | DomainError>
export async function runCommand<R>(
  services: Pick<NscaleServices, 'commands'>,
  meta: RequestMeta,
  serializeOn: string[],
  plan: (ctx: CommandContext) => Promise<Plan<R> | DomainError>,
  idempotent?: Idempotent<R>,
): Promise<Written<R> | DomainError> {
  const scope = idempotent?.scope
  const capacity = transactionCapacity(scope)
  const bounded = async (ctx: CommandContext): Promise<Plan<R> | DomainError> => {
    const planned = await plan(ctx)
    if (isDomainError(planned)) return planned
    const items = planned.appends.reduce((sum, append) => sum + append.events.length, 0) + (planned.extras?.length ?? 0)
    if (items > capacity) return preconditionFailed('request_too_large', `the change touches ${items} items; at most ${capacity} are written at once`)
    return planned
  }
  const outcome = await services.commands.run<R>({
    serializeOn,
    meta,
    ...(scope && idempotent && { idempotency: { ...scope, status: idempotent.status, resourceIdOf: idempotent.resourceIdOf } }),
    plan: bounded,
  })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed) return { replayed: true, resourceId: outcome.resourceId, status: outcome.status as SuccessStatus, token: outcome.token }
  return { replayed: false, result: outcome.result, token: outcome.token }
}

/** The items a plan may hold: one transaction, less the Idempotency-Key record when there is one. */
export function transactionCapacity(scope: IdempotencyScope | undefined): number {
  return MAX_ITEMS_PER_APPEND - (scope ? 1 : 0)
}

/** The answer of a write, with `body` if any (a refusal is answered as such); a replay answers the first one's status. */
export function answer(written: Written<unknown>, status?: SuccessStatus, body?: unknown): OperationSuccess | DomainError {
  if (isDomainError(body)) return body
  const content = body === undefined ? {} : { body }
  if (written.replayed) return { status: written.status, ...content, consistencyToken: written.token, headers: { ...REPLAYED_HEADERS } }
  return { ...(status ? { status } : {}), ...content, consistencyToken: written.token }
}

/**
 * The answer of a write with a body: rendered from the result, or on a replay the resource as it is now, found
 * again by its id (secret material, shown only once, is never part of it).
 */
export async function answerWith<R>(
  written: Written<R>,
  render: (result: R) => unknown,
  reload: (resourceId: string) => Promise<unknown>,
  status?: SuccessStatus,
): Promise<OperationSuccess | DomainError> {
  const body = written.replayed ? await reload(written.resourceId) : await render(written.result)
  if (isDomainError(body)) return body
  if (!written.replayed) return { ...(status ? { status } : {}), body, consistencyToken: written.token }
  return { status: written.status, body, consistencyToken: written.token, headers: { ...REPLAYED_HEADERS } }
}
