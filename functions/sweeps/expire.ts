// The sweep's command on one credential: fold it, and append `CredentialExpired` when its expiry has passed
// (domain/core/credential/decide.ts). Already expired, revoked or moved to a later expiry: nothing is appended.
// Two sweeps racing on one credential append once: the loser's append fails the stream's version condition, and
// its plan, run again on the new version, decides nothing.
import { credentialDecider, credentialItemExtras, credentialStreamId, expireCredential } from '../../domain/core/credential/index.js'
import { isDomainError } from '../../domain/core/errors.js'
import type { CommandRequest, RequestMeta } from '../../domain/core/ports.js'

export type ExpireOutcome = 'expired' | 'unchanged'

export function expireCommand(organizationId: string, credentialId: string, meta: RequestMeta): CommandRequest<ExpireOutcome> {
  const streamId = credentialStreamId(organizationId, credentialId)
  return {
    serializeOn: [streamId],
    meta,
    async plan(ctx) {
      const { state } = await ctx.load(credentialDecider, streamId)
      const events = expireCredential(state, ctx.now)
      if (isDomainError(events)) return events
      if (events.length === 0) return { appends: [], result: 'unchanged' }
      // The credential item's status changes in the same request: authentication reads it, never a projection.
      return { appends: [{ streamId, events }], extras: credentialItemExtras(state, events), result: 'expired' }
    },
  }
}
