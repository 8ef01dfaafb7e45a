// SSH keys (spec §1.11, §4.15): writes plan with the SSH key aggregate (domain/scaleway/sshKey: parsing,
// fingerprint, one copy of a key per project through a reservation, the quota); GetSSHKey folds the key's stream;
// ListSSHKeys reads the SSH key list projection. A missing project is the default project (the organization id).
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, permissionDenied, type DomainError } from '../../../../domain/core/errors.js'
import { organizationDecider, organizationStreamId } from '../../../../domain/core/organization/evolve.js'
import type { Id } from '../../../../domain/core/ids.js'
import {
  liveSshKey, planCreateSshKey, planDeleteSshKey, planUpdateSshKey, sshKeyDecider, sshKeyStream, stateAfter,
  type SshKey, type SshKeyEvent,
} from '../../../../domain/scaleway/index.js'
import { SSH_KEY_LIST, SSH_KEY_PARTITION, type SshKeyListItem } from '../../../../projections/scaleway/sshKeyList.js'
import type { ScalewayServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { contains, equals, paginate } from '../paging.js'
import { respond, respondEmpty, runWrite } from './command.js'
import { readModels } from './readModels.js'

export function renderSshKey(key: SshKey) {
  return {
    id: key.id,
    name: key.name,
    public_key: key.publicKey,
    fingerprint: key.fingerprint,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
    organization_id: key.organizationId,
    project_id: key.projectId,
    disabled: key.disabled,
  }
}

/** A key of the organization, folded from its stream; another organization's key is not found alike. */
async function loadSshKey(services: Pick<ScalewayServices, 'store'>, organizationId: Id, id: Id): Promise<SshKey | DomainError> {
  const stream = sshKeyStream(organizationId, id)
  const events = (await services.store.load([stream])).get(stream) ?? []
  return liveSshKey(fold(sshKeyDecider, events as unknown as SshKeyEvent[])) ?? notFound('ssh_key', id)
}

const reloadSshKey = (services: ScalewayServices, organizationId: Id) => async (id: string) => {
  const key = await loadSshKey(services, organizationId, id)
  return isDomainError(key) ? key : renderSshKey(key)
}

export const sshKeyHandlers = defineHandlers(
  operation('ListSSHKeys', async (request) => {
    const { input, deps } = request
    const query = input.query
    const keys = await readModels<SshKeyListItem>(deps.services, request, SSH_KEY_LIST, SSH_KEY_PARTITION)
    if (isDomainError(keys)) return keys
    const page = paginate(keys, {
      // `disabled` is an equality filter (spec §5.3 #17): true lists the disabled keys, false the enabled ones.
      filter: (key) => contains(key.name, query.name) && equals(key.projectId, query.project_id) && equals(key.disabled, query.disabled),
      orderBy: query.order_by,
      sortKeys: { created_at: (key) => key.createdAt, updated_at: (key) => key.updatedAt, name: (key) => key.name },
      tieBreaker: (key) => key.id,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { ssh_keys: page.items.map(renderSshKey), total_count: page.total_count } }
  }),

  operation('CreateSSHKey', async (request) => {
    const { input, deps, organizationId } = request
    const id = deps.ids.newId()
    const stream = sshKeyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (key: SshKey) => key.id,
      plan: async (ctx) => {
        const { name, public_key: publicKey, project_id: projectId } = input.body
        // IAM keeps no project registry; a project id that is another organization's default project is foreign.
        if (projectId !== undefined && projectId !== organizationId && (await ctx.load(organizationDecider, organizationStreamId(projectId))).version > 0) {
          return permissionDenied('ssh_key', 'create')
        }
        const command = { type: 'CreateSshKey', id, organizationId, projectId, name, publicKey, at: ctx.now.toISOString() } as const
        const writes = planCreateSshKey(command)
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(sshKeyDecider, { deleted: false }, writes, stream).key! }
      },
    })
    return respond(outcome, renderSshKey, reloadSshKey(deps.services, organizationId))
  }),

  operation('GetSSHKey', async ({ input, deps, principal }) => {
    const key = await loadSshKey(deps.services, principal.organizationId, input.params.ssh_key_id)
    return isDomainError(key) ? key : { body: renderSshKey(key) }
  }),

  operation('UpdateSSHKey', async (request) => {
    const { input, deps, principal } = request
    const organizationId = principal.organizationId
    const id = input.params.ssh_key_id
    const stream = sshKeyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: (key: SshKey) => key.id,
      plan: async (ctx) => {
        const { state } = await ctx.load(sshKeyDecider, stream)
        const { name, disabled } = input.body
        const writes = planUpdateSshKey(state, { type: 'UpdateSshKey', organizationId, id, name, disabled, at: ctx.now.toISOString() })
        if (isDomainError(writes)) return writes
        return { writes, result: stateAfter(sshKeyDecider, state, writes, stream).key! }
      },
    })
    return respond(outcome, renderSshKey, reloadSshKey(deps.services, organizationId))
  }),

  operation('DeleteSSHKey', async (request) => {
    const { input, principal } = request
    const organizationId = principal.organizationId
    const id = input.params.ssh_key_id
    const stream = sshKeyStream(organizationId, id)
    const outcome = await runWrite(request, {
      serializeOn: [stream],
      resourceIdOf: () => id,
      status: 204,
      plan: async (ctx) => {
        const { state } = await ctx.load(sshKeyDecider, stream)
        const writes = planDeleteSshKey(state, { type: 'DeleteSshKey', organizationId, id, at: ctx.now.toISOString() })
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),
)
