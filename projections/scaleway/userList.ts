// The Scaleway users of an organization, for ListUsers: one item per live user (partition `users`, sort = user
// id), folded from the user's own stream with the aggregate's evolve, so a list item and GetUser never disagree.
// `locked` belongs to the principal (authentication reads its status item); ListUsers reads it there for the page.
import type { StoredEvent } from '../../domain/core/events.js'
import { noLinks } from '../../domain/scaleway/links.js'
import type { UserEvent } from '../../domain/scaleway/user/events.js'
import { evolveUser, USER, type User } from '../../domain/scaleway/user/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const USER_LIST = 'scwUserList'
export const USER_LIST_PARTITION = 'users'

/** A user as ListUsers renders it: the aggregate's state without its links. */
export type UserListItem = Omit<User, 'links'> & { [attribute: string]: unknown }

/** The item after one event of its user's stream; null once the user is deleted. */
export function nextUserListItem(current: UserListItem | undefined, event: StoredEvent): UserListItem | null | undefined {
  const before = current ? { user: { ...(current as Omit<User, 'links'>), links: noLinks() }, deleted: false } : { deleted: false }
  const after = evolveUser(before, event as unknown as UserEvent)
  if (after.deleted) return null
  if (!after.user) return undefined
  const { links: _links, ...item } = after.user
  return item
}

export const userList = streamItemList<UserListItem>({ name: USER_LIST, aggregateType: USER, partition: USER_LIST_PARTITION, next: nextUserListItem })

export const userListKey = userList.key
