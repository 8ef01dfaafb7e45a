// How every surface reads a list projection of one organization (DESIGN §5): with consistency tokens, first wait
// until the projection covers the organization's own streams among them (a token cannot time another tenant's
// writes); past IAM_CONSISTENCY_WAIT_MS the answer is `stale` (503 with Retry-After in each surface's shape), never
// older data.
import { tokensWithin } from '../../domain/core/consistency.js'
import type { DomainError } from '../../domain/core/errors.js'
import type { Model } from '../../projections/contract.js'
import type { ReadStore } from '../../projections/readModel.js'
import type { Projector } from './projector.js'

/** `stale` unless `projection` covers the organization's streams named by `tokens` (none: at once). */
export async function coveredFor(
  projector: Pick<Projector, 'waitFor'>,
  organizationId: string,
  projection: string,
  tokens: readonly string[],
): Promise<DomainError | undefined> {
  if (tokens.length === 0 || (await projector.waitFor(projection, tokensWithin(organizationId, tokens)))) return undefined
  return { kind: 'stale', message: 'the list is still being updated' }
}

/** The items of one partition of the organization's list, once the tokens are covered. */
export async function readOrganizationList<M extends Model>(
  ports: { projector: Pick<Projector, 'waitFor'>; readStore: Pick<ReadStore, 'query'> },
  organizationId: string,
  tokens: readonly string[],
  projection: string,
  partition: string,
): Promise<M[] | DomainError> {
  const stale = await coveredFor(ports.projector, organizationId, projection, tokens)
  if (stale) return stale
  return (await ports.readStore.query<M>(projection, organizationId, partition)).map((entry) => entry.model)
}
