// The state of an nscale user (membership), folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { ResourceHistory } from '../resourceMetadata.js'
import type { UserEvent, UserState } from './events.js'

export const NSCALE_USER = 'nscale-user'

export interface User extends ResourceHistory {
  id: string
  organizationId: string
  subject: string
  state: UserState
}

export interface UserAggregate {
  user?: User
  deleted: boolean
}

export function evolveUser(state: UserAggregate, event: UserEvent): UserAggregate {
  switch (event.type) {
    case 'NscaleUserCreated': {
      const { at, by, ...created } = event.data
      return { user: { ...created, createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleUserStateChanged':
      return state.user
        ? { ...state, user: { ...state.user, state: event.data.state, modifiedAt: event.data.at, modifiedBy: event.data.by } }
        : state
    case 'NscaleUserDeleted':
      return { ...state, deleted: true }
  }
}

export const userDecider: Decider<UserAggregate, UserEvent> = {
  aggregateType: NSCALE_USER,
  initialState: () => ({ deleted: false }),
  evolve: evolveUser,
}

export function userStreamId(organizationId: string, userId: string): string {
  return streamId(organizationId, NSCALE_USER, userId)
}

export function liveUser(state: UserAggregate): User | undefined {
  return state.deleted ? undefined : state.user
}
