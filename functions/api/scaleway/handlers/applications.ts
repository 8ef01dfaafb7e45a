// Applications (spec §1.2): ListApplications, CreateApplication, GetApplication, UpdateApplication,
// DeleteApplication. `nb_api_keys` is read from the application's own stream (an API key links its bearer), so
// GetApplication reflects a key created or deleted a moment ago; deleting an application revokes its keys, leaves
// its groups and detaches its policies in the same request (domain/scaleway/cascade.ts).
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound } from '../../../../domain/core/errors.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/index.js'
import {
  apiKeyCount, applicationDecider, applicationStream, liveApplication, loadDependents, planCreateApplication, planDeleteApplication,
  planUpdateApplication, stateAfter, type Application, type ApplicationEvent,
} from '../../../../domain/scaleway/index.js'
import {
  APPLICATION_LIST, APPLICATION_LIST_PARTITION, listedApiKeyCount, type ApplicationListItem,
} from '../../../../projections/scaleway/applicationList.js'
import { defineHandlers, operation, type OperationOutput, type OperationRequest } from '../operation.js'
import { anyTagContains, contains, equals, oneOf, paginate } from '../paging.js'
import type { OperationId } from '../routes/index.js'
import { respond, respondEmpty, runWrite, type WriteOutcome } from './command.js'
import { readModels } from './readModels.js'

type ApplicationBody = OperationOutput<'GetApplication'>

export const applicationHandlers = defineHandlers(
  operation('ListApplications', async (request) => {
    const { query } = request.input
    const applications = await readModels<ApplicationListItem>(request.deps.services, request, APPLICATION_LIST, APPLICATION_LIST_PARTITION)
    if (isDomainError(applications)) return applications
    const page = paginate(applications, {
      filter: (app) =>
        contains(app.name, query.name) && equals(app.editable, query.editable) && oneOf(app.id, query.application_ids) && anyTagContains(app.tags, query.tag),
      orderBy: query.order_by,
      sortKeys: { created_at: (app) => app.createdAt, updated_at: (app) => app.updatedAt, name: (app) => app.name },
      tieBreaker: (app) => app.id,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { applications: page.items.map((app) => renderApplication(app, listedApiKeyCount(app))), total_count: page.total_count } }
  }),

  operation('GetApplication', async ({ input, organizationId, deps }) => {
    const body = await loadApplication(deps, organizationId, input.params.application_id)
    return body ?? notFound('application', input.params.application_id)
  }),

  operation('CreateApplication', async (request) => {
    const { input, organizationId, now, deps } = request
    const id = deps.ids.newId()
    const stream = applicationStream(organizationId, id)
    const { name, description, tags } = input.body
    return applicationResponse(request, await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (app) => app.id,
      plan: async () => {
        const writes = planCreateApplication({ organizationId, id, type: 'CreateApplication', name, description, tags, at: now.toISOString() })
        if (isDomainError(writes)) return writes
        const application = stateAfter(applicationDecider, { deleted: false }, writes, stream).application!
        return { writes, result: renderApplication(application, 0) }
      },
    }))
  }),

  operation('UpdateApplication', async (request) => {
    const { input, organizationId, now } = request
    const id = input.params.application_id
    const stream = applicationStream(organizationId, id)
    const { name, description, tags } = input.body
    return applicationResponse(request, await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: () => id,
      plan: async (ctx) => {
        const { state } = await ctx.load(applicationDecider, stream)
        const writes = planUpdateApplication(state, {
          organizationId, id, type: 'UpdateApplication', at: now.toISOString(),
          ...(name !== undefined && { name }), ...(description !== undefined && { description }), ...(tags !== undefined && { tags }),
        })
        if (isDomainError(writes)) return writes
        const application = stateAfter(applicationDecider, state, writes, stream).application!
        return { writes, result: renderApplication(application, apiKeyCount(application)) }
      },
    }))
  }),

  operation('DeleteApplication', async (request) => {
    const { input, organizationId, now } = request
    const id = input.params.application_id
    const stream = applicationStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: () => id,
      status: 204,
      plan: async (ctx) => {
        const [{ state }, { state: principal }] = await Promise.all([
          ctx.load(applicationDecider, stream),
          ctx.load(principalDecider, principalStreamId(organizationId, id)),
        ])
        const application = liveApplication(state)
        if (!application) return notFound('application', id)
        const dependents = await loadDependents(ctx, organizationId, application.links)
        const writes = planDeleteApplication(state, principal, dependents, { organizationId, id, type: 'DeleteApplication', at: now.toISOString() })
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),
)

/** The application's stream read consistently (DESIGN §5), rendered; undefined when it does not exist or was deleted. */
async function loadApplication(deps: OperationRequest<OperationId>['deps'], organizationId: string, id: string): Promise<{ body: ApplicationBody } | undefined> {
  const stream = applicationStream(organizationId, id)
  const events = (await deps.services.store.load([stream])).get(stream) ?? []
  const application = liveApplication(fold(applicationDecider, events as unknown as ApplicationEvent[]))
  return application && { body: renderApplication(application, apiKeyCount(application)) }
}

/** The application a write left, or on a replay (Idempotency-Key) the application as it is now. */
function applicationResponse(request: Pick<OperationRequest<OperationId>, 'deps' | 'organizationId'>, outcome: WriteOutcome<ApplicationBody>) {
  return respond(outcome, (application) => application, async (id) =>
    (await loadApplication(request.deps, request.organizationId, id))?.body ?? notFound('application', id))
}

function renderApplication(application: Omit<Application, 'links'>, nbApiKeys: number): ApplicationBody {
  return {
    id: application.id,
    name: application.name,
    description: application.description,
    created_at: application.createdAt,
    updated_at: application.updatedAt,
    organization_id: application.organizationId,
    editable: application.editable,
    deletable: application.deletable,
    managed: application.managed,
    nb_api_keys: nbApiKeys,
    tags: application.tags,
  }
}
