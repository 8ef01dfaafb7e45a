// The state of a Scaleway application, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import { addLink, noLinks, removeLink, type Links } from '../links.js'
import type { ApplicationEvent } from './events.js'

export const APPLICATION = 'scw-application'

export interface Application {
  id: string
  organizationId: string
  name: string
  description: string
  tags: string[]
  editable: boolean
  deletable: boolean
  managed: boolean
  createdAt: string
  updatedAt: string
  links: Links
}

export interface ApplicationState {
  application?: Application
  deleted: boolean
}

export function applicationStream(organizationId: string, id: string): string {
  return streamId(organizationId, APPLICATION, id)
}

export function evolveApplication(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  if (event.type === 'ScwApplicationCreated') {
    const { at, managed, ...fields } = event.data
    return {
      application: { ...fields, managed, editable: !managed, deletable: !managed, createdAt: at, updatedAt: at, links: noLinks() },
      deleted: false,
    }
  }
  const application = state.application
  if (!application) return state
  switch (event.type) {
    case 'ScwApplicationUpdated': {
      const { at, ...changes } = event.data
      return { ...state, application: { ...application, ...changes, updatedAt: at } }
    }
    case 'ScwApplicationDeleted':
      return { ...state, deleted: true }
    case 'ScwApplicationLinked':
      return { ...state, application: { ...application, links: addLink(application.links, event.data) } }
    case 'ScwApplicationUnlinked':
      return { ...state, application: { ...application, links: removeLink(application.links, event.data) } }
  }
}

export const applicationDecider: Decider<ApplicationState, ApplicationEvent> = {
  aggregateType: APPLICATION,
  initialState: () => ({ deleted: false }),
  evolve: evolveApplication,
}

export function liveApplication(state: ApplicationState): Application | undefined {
  return state.deleted ? undefined : state.application
}

/** `nb_api_keys`: the keys the application bears (an expired key still counts until it is deleted). */
export function apiKeyCount(application: Application): number {
  return application.links.apiKeyIds.length
}
