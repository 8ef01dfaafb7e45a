// ListGracePeriods (spec §1.14, issue 9): the open grace periods of a user, folded from its own stream.
// Decision (spec §5.3 #22): without `user_id`, the caller's own (an application has none).
import { notFound } from '../../../../domain/core/errors.js'
import { liveUser } from '../../../../domain/scaleway/index.js'
import { defineHandlers, operation } from '../operation.js'
import { loadUser } from './userViews.js'

export const gracePeriodHandlers = defineHandlers(
  operation('ListGracePeriods', async ({ input, principal, organizationId, deps }) => {
    const userId = input.query.user_id ?? (principal.kind === 'user' ? principal.id : undefined)
    if (userId === undefined) return { body: { grace_periods: [] } }
    const user = liveUser((await loadUser(deps.services.store, organizationId, userId)).state)
    if (!user) return notFound('user', userId)
    const gracePeriods = (user.gracePeriods ?? []).map((period) => ({ type: period.type, created_at: period.createdAt, expires_at: period.expiresAt }))
    return { body: { grace_periods: gracePeriods } }
  }),
)
