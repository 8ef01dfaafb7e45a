// The nscale users (memberships) of an organization, one item per live membership in one partition; GET …/users
// sorts them by subject (upstream order). Their `groupIDs` come from the group list (groups own membership).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { UserEvent } from '../../domain/nscale/user/events.js'
import { evolveUser, liveUser, NSCALE_USER, type User } from '../../domain/nscale/user/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const NSCALE_USER_LIST = 'nscaleUserList'
export const NSCALE_USER_PARTITION = 'nscale-users'

export type UserListItem = User & Record<string, unknown>

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return { scope: organizationId, partition: NSCALE_USER_PARTITION, sort: aggregateId }
}

export const nscaleUserList: PureProjection<UserListItem> = {
  kind: 'pure',
  name: NSCALE_USER_LIST,
  aggregateTypes: [NSCALE_USER],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const after = liveUser(evolveUser({ user: current.get(id), deleted: false }, event as UserEvent))
    return new Map([[id, after ? (after as UserListItem) : null]])
  },
}
