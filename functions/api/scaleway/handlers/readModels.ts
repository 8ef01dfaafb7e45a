// Lists read projections (DESIGN §5), after the request's consistency tokens (functions/projector/organizationReads.ts).
import type { DomainError } from '../../../../domain/core/errors.js'
import type { Model } from '../../../../projections/contract.js'
import { readOrganizationList } from '../../../projector/organizationReads.js'
import type { ScalewayServices } from '../deps.js'

export function readModels<M extends Model>(
  services: Pick<ScalewayServices, 'projector' | 'readStore'>,
  request: { organizationId: string; consistencyTokens: readonly string[] },
  projection: string,
  partition: string,
): Promise<M[] | DomainError> {
  return readOrganizationList<M>(services, request.organizationId, request.consistencyTokens, projection, partition)
}
