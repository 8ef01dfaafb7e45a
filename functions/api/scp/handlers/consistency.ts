// Lists read projections; a request that sends consistency tokens waits for them first (DESIGN §5): past
// IAM_CONSISTENCY_WAIT_MS it is a `stale` error (503 with Retry-After), never older data.
import { tokensWithin } from '../../../../domain/core/consistency.js'
import type { DomainError } from '../../../../domain/core/errors.js'
import { consistencyWaitMs } from '../../../projector/projector.js'
import type { ScpServices } from '../deps.js'

export async function waitForTokens(
  services: Pick<ScpServices, 'projector'>,
  organizationId: string,
  projection: string,
  tokens: readonly string[],
): Promise<DomainError | undefined> {
  if (tokens.length === 0) return undefined
  // Only the account's own streams: a token cannot be used to time another account's writes.
  if (await services.projector.waitFor(projection, tokensWithin(organizationId, tokens), consistencyWaitMs())) return undefined
  return { kind: 'stale', message: 'the list is not up to date with the consistency token yet' }
}
