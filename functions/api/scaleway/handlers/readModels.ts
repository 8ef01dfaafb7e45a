// Lists read projections (DESIGN §5): when the request carries consistency tokens, wait until the projection
// covers them (503 `stale` past IAM_CONSISTENCY_WAIT_MS, never older data), then read the organization's items.
import { tokensWithin } from '../../../../domain/core/consistency.js'
import type { DomainError } from '../../../../domain/core/errors.js'
import type { Model } from '../../../../projections/contract.js'
import type { ScalewayServices } from '../deps.js'

export async function readModels<M extends Model>(
  services: Pick<ScalewayServices, 'projector' | 'readStore'>,
  request: { organizationId: string; consistencyTokens: readonly string[] },
  projection: string,
  partition: string,
): Promise<M[] | DomainError> {
  if (request.consistencyTokens.length > 0) {
    const covered = await services.projector.waitFor(projection, tokensWithin(request.organizationId, request.consistencyTokens))
    if (!covered) return { kind: 'stale', message: 'the list is still being updated' }
  }
  const entries = await services.readStore.query<M>(projection, request.organizationId, partition)
  return entries.map((entry) => entry.model)
}
