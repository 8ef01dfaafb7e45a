// Decisions on a Scaleway application: create, update, delete, and the links other aggregates keep on it.
import { alreadyExists, notFound, type DomainError } from '../../core/errors.js'
import { principalStatusExtras, principalStreamId, registerPrincipal } from '../../core/principal/index.js'
import { checkDescription, checkName, checkTags, firstError, notDeletable, notEditable, sameList } from '../fields.js'
import { hasLink, type Link } from '../links.js'
import { combine, writes, type PlannedWrites } from '../plan.js'
import { consumeQuota, type QuotaOverrides } from '../quota/quota.js'
import {
  ApplicationCreated,
  ApplicationDeleted,
  ApplicationLinked,
  ApplicationUnlinked,
  ApplicationUpdated,
  type ApplicationEvent,
} from './events.js'
import { applicationStream, liveApplication, type ApplicationState } from './evolve.js'

interface Target {
  organizationId: string
  id: string
}

export type ApplicationCommand =
  | (Target & { type: 'CreateApplication'; name: string; description?: string; tags?: string[]; managed?: boolean; at: string })
  | (Target & { type: 'UpdateApplication'; name?: string; description?: string; tags?: string[]; at: string })
  | (Target & { type: 'DeleteApplication'; at: string })
  | (Target & { type: 'LinkApplication'; link: Link })
  | (Target & { type: 'UnlinkApplication'; link: Link })

export function decideApplication(state: ApplicationState, command: ApplicationCommand): ApplicationEvent[] | DomainError {
  if (command.type === 'CreateApplication') {
    if (state.application) return alreadyExists('application', command.id)
    const description = command.description ?? ''
    const tags = command.tags ?? []
    const invalid = firstError(checkName('name', command.name), checkDescription('description', description), checkTags('tags', tags))
    if (invalid) return invalid
    return [
      ApplicationCreated({
        id: command.id,
        organizationId: command.organizationId,
        name: command.name,
        description,
        tags,
        managed: command.managed ?? false,
        at: command.at,
      }),
    ]
  }
  const application = liveApplication(state)
  if (command.type === 'UnlinkApplication') {
    return application && hasLink(application.links, command.link) ? [ApplicationUnlinked(command.link)] : []
  }
  if (!application) return notFound('application', command.id)
  switch (command.type) {
    case 'LinkApplication':
      return hasLink(application.links, command.link) ? [] : [ApplicationLinked(command.link)]
    case 'DeleteApplication':
      return application.deletable ? [ApplicationDeleted({ at: command.at })] : notDeletable('application')
    case 'UpdateApplication': {
      if (!application.editable) return notEditable('application')
      const invalid = firstError(
        command.name === undefined ? undefined : checkName('name', command.name),
        command.description === undefined ? undefined : checkDescription('description', command.description),
        command.tags === undefined ? undefined : checkTags('tags', command.tags),
      )
      if (invalid) return invalid
      const changes = {
        ...(command.name !== undefined && command.name !== application.name ? { name: command.name } : {}),
        ...(command.description !== undefined && command.description !== application.description ? { description: command.description } : {}),
        ...(command.tags !== undefined && !sameList(command.tags, application.tags) ? { tags: command.tags } : {}),
      }
      return Object.keys(changes).length === 0 ? [] : [ApplicationUpdated({ ...changes, at: command.at })]
    }
  }
}

/** A new application is a new principal too: both streams and the principal's status item, and one more of the quota. */
export function planCreateApplication(
  command: Extract<ApplicationCommand, { type: 'CreateApplication' }>,
  quota: QuotaOverrides = {},
): PlannedWrites | DomainError {
  const events = decideApplication({ deleted: false }, command)
  if (!Array.isArray(events)) return events
  const principal = { principalId: command.id, organizationId: command.organizationId, kind: 'application' as const }
  const registered = registerPrincipal({ status: 'absent' }, principal)
  if (!Array.isArray(registered)) return registered
  return combine(
    writes(applicationStream(command.organizationId, command.id), events, [consumeQuota(command.organizationId, 'applications', quota)]),
    writes(principalStreamId(command.organizationId, command.id), registered, principalStatusExtras(command.organizationId, command.id, registered)),
  )
}

export function planUpdateApplication(
  state: ApplicationState,
  command: Extract<ApplicationCommand, { type: 'UpdateApplication' }>,
): PlannedWrites | DomainError {
  const events = decideApplication(state, command)
  if (!Array.isArray(events)) return events
  return writes(applicationStream(command.organizationId, command.id), events)
}
