// JWTs (spec §1.17, issue 9): the organization's sign-in sessions. ListJWTs reads the session list projection,
// GetJWT folds the session's own stream, DeleteJWT ends it (its credential items go in the same request, so its
// tokens and renew token are refused at once). Decision (spec §5.3 #22): without `audience_id`, ListJWTs lists
// every session of the organization; `expired=true` lists the sessions past their end.
import { fold } from '../../../../domain/core/decider.js'
import { credentialDecider, credentialItemKey, credentialStreamId, type Credential, type CredentialItem } from '../../../../domain/core/credential/index.js'
import { isDomainError, notFound } from '../../../../domain/core/errors.js'
import { planEndSession } from '../../../../domain/scaleway/index.js'
import { SESSION_LIST, SESSION_LIST_PARTITION, type SessionListItem } from '../../../../projections/scaleway/sessionList.js'
import { defineHandlers, operation } from '../operation.js'
import { equals, paginate } from '../paging.js'
import { renderJwt } from '../sessions/session.js'
import { respondEmpty, runWrite } from './command.js'
import { readModels } from './readModels.js'

const SORT_KEYS = {
  created_at: (session: Credential) => session.createdAt,
  updated_at: (session: Credential) => session.updatedAt,
}

function isExpired(session: Credential, now: Date): boolean {
  return session.status === 'expired' || (session.expiresAt !== undefined && Date.parse(session.expiresAt) <= now.getTime())
}

export const jwtHandlers = defineHandlers(
  operation('ListJWTs', async (request) => {
    const { query } = request.input
    const sessions = await readModels<SessionListItem>(request.deps.services, request, SESSION_LIST, SESSION_LIST_PARTITION)
    if (isDomainError(sessions)) return sessions
    const page = paginate(sessions, {
      filter: (session) => equals(session.principalId, query.audience_id) && equals(isExpired(session, request.now), query.expired),
      orderBy: query.order_by,
      sortKeys: SORT_KEYS,
      tieBreaker: (session) => session.credentialId,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { jwts: page.items.map(renderJwt), total_count: page.total_count } }
  }),

  operation('GetJWT', async ({ input, organizationId, deps }) => {
    const jti = input.params.jti
    const stream = credentialStreamId(organizationId, jti)
    const session = fold(credentialDecider, ((await deps.services.store.load([stream])).get(stream) ?? []) as never[])
    if (session.status === 'absent' || session.status === 'revoked' || session.kind !== 'session') return notFound('jwt', jti)
    return { body: renderJwt(session) }
  }),

  operation('DeleteJWT', async (request) => {
    const { organizationId } = request
    const jti = request.input.params.jti
    const stream = credentialStreamId(organizationId, jti)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: () => jti,
      status: 204,
      plan: async (ctx) => {
        const { state } = await ctx.load(credentialDecider, stream)
        if (state.status === 'absent' || state.status === 'revoked' || state.kind !== 'session') return notFound('jwt', jti)
        const stored = (await ctx.readState(credentialItemKey(organizationId, jti))) as CredentialItem | undefined
        const writes = planEndSession(state, stored?.secretHash)
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),
)
