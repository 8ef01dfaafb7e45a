// The nscale users (memberships) of an organization, one item per live membership in one partition; GET …/users
// sorts them by subject (upstream order). Their `groupIDs` come from the group list (groups own membership).
import type { UserEvent } from '../../domain/nscale/user/events.js'
import { evolveUser, liveUser, NSCALE_USER, type User } from '../../domain/nscale/user/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const NSCALE_USER_LIST = 'nscaleUserList'
export const NSCALE_USER_PARTITION = 'nscale-users'

export type UserListItem = User & Record<string, unknown>

export const nscaleUserList = streamItemList<UserListItem>({
  name: NSCALE_USER_LIST,
  aggregateType: NSCALE_USER,
  partition: NSCALE_USER_PARTITION,
  next: (current, event) => (liveUser(evolveUser({ user: current, deleted: false }, event as unknown as UserEvent)) as UserListItem | undefined) ?? null,
})
