// The Scaleway applications of an organization, for ListApplications: one item per live application (partition
// `applications`, sort = application id), folded from the application's own stream with the aggregate's evolve.
// `nb_api_keys` comes from the same stream (an API key links its bearer), so it needs no other stream either.
import type { StoredEvent } from '../../domain/core/events.js'
import type { ApplicationEvent } from '../../domain/scaleway/application/events.js'
import { APPLICATION, apiKeyCount, evolveApplication, type Application } from '../../domain/scaleway/application/evolve.js'
import { noLinks } from '../../domain/scaleway/links.js'
import { streamItemList } from '../streamItemList.js'

export const APPLICATION_LIST = 'scwApplicationList'
export const APPLICATION_LIST_PARTITION = 'applications'

/** An application as ListApplications renders it; of its links only the API keys it bears (to count them). */
export type ApplicationListItem = Omit<Application, 'links'> & { apiKeyIds: string[]; [attribute: string]: unknown }

/** `nb_api_keys` of a list item, counted as GetApplication counts it. */
export function listedApiKeyCount(item: ApplicationListItem): number {
  return apiKeyCount(toApplication(item))
}

/** The item after one event of its application's stream; null once the application is deleted. */
export function nextApplicationListItem(current: ApplicationListItem | undefined, event: StoredEvent): ApplicationListItem | null | undefined {
  const before = current ? { application: toApplication(current), deleted: false } : { deleted: false }
  const after = evolveApplication(before, event as unknown as ApplicationEvent)
  if (after.deleted) return null
  if (!after.application) return undefined
  const { links, ...item } = after.application
  return { ...item, apiKeyIds: links.apiKeyIds }
}

function toApplication({ apiKeyIds, ...item }: ApplicationListItem): Application {
  return { ...(item as Omit<Application, 'links'>), links: { ...noLinks(), apiKeyIds } }
}

export const applicationList = streamItemList<ApplicationListItem>({ name: APPLICATION_LIST, aggregateType: APPLICATION, partition: APPLICATION_LIST_PARTITION, next: nextApplicationListItem })

export const applicationListKey = applicationList.key
