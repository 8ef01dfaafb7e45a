// API keys (spec §1.1): ListAPIKeys, CreateAPIKey, GetAPIKey, UpdateAPIKey, DeleteAPIKey. A key is a core credential
// of kind `scaleway_api_key`: access key `SCW` + 17 of [A-Z0-9], secret a random UUID shown once and kept only as
// its SHA-256 in the credential items authentication reads, so a new key works at once and a deleted one fails at
// once. The bearer's stream links the key (its `nb_api_keys`, and the cascade when the bearer is deleted).
import { credentialDecider, credentialItemKey, credentialStreamId, type CredentialItem } from '../../../../domain/core/credential/index.js'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { organizationDecider, organizationStreamId } from '../../../../domain/core/organization/evolve.js'
import type { CommandContext } from '../../../../domain/core/ports.js'
import {
  apiKeyFields, bearerOf, loadProfile, planCreateApiKey, planDeleteApiKey, planUpdateApiKey, profileStream, stateAfter,
} from '../../../../domain/scaleway/index.js'
import { API_KEY_LIST, API_KEY_LIST_PARTITION, type ApiKeyListItem } from '../../../../projections/scaleway/apiKeyList.js'
import { newAccessKey, newSecretUuid, sha256Hex } from '../../../store/secrets.js'
import { defineHandlers, operation, type OperationRequest } from '../operation.js'
import { contains, enumIs, equals, oneOf, paginate } from '../paging.js'
import type { OperationId } from '../routes/index.js'
import { API_KEY_SORT_KEYS, credentialOfAccessKey, loadApiKey, renderApiKey, type ApiKeyBody } from './apiKeyViews.js'
import { respond, respondEmpty, runWrite } from './command.js'
import { readModels } from './readModels.js'

export const apiKeyHandlers = defineHandlers(
  operation('ListAPIKeys', async (request) => {
    const { query } = request.input
    const keys = await readModels<ApiKeyListItem>(request.deps.services, request, API_KEY_LIST, API_KEY_LIST_PARTITION)
    if (isDomainError(keys)) return keys
    const page = paginate(keys, {
      filter: (key) => {
        const { bearer, expired } = apiKeyFields(key)
        return (
          equals(true, query.editable) &&
          equals(expired(request.now), query.expired) &&
          (query.access_key === undefined || key.accessKey === query.access_key) &&
          oneOf(key.accessKey ?? '', query.access_keys) &&
          contains(key.description, query.description) &&
          equals(bearer.id, query.bearer_id) &&
          enumIs(bearer.kind, query.bearer_type, 'unknown_bearer_type') &&
          (query.application_id === undefined || (bearer.kind === 'application' && bearer.id === query.application_id)) &&
          (query.user_id === undefined || (bearer.kind === 'user' && bearer.id === query.user_id))
        )
      },
      orderBy: query.order_by,
      sortKeys: API_KEY_SORT_KEYS,
      tieBreaker: (key) => key.credentialId,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { api_keys: page.items.map((key) => renderApiKey(key)), total_count: page.total_count } }
  }),

  operation('GetAPIKey', async ({ input, organizationId, now, deps }) => {
    const key = await loadApiKey(deps.services, organizationId, input.params.access_key, now)
    return key ? { body: renderApiKey(key) } : notFound('api_key', input.params.access_key)
  }),

  operation('CreateAPIKey', async (request) => {
    const { input, organizationId, meta, deps } = request
    const { body } = input
    const bearer = bearerOf({ userId: body.user_id, applicationId: body.application_id })
    if (isDomainError(bearer)) return bearer
    const credentialId = deps.ids.newId()
    const accessKey = newAccessKey()
    const secretKey = newSecretUuid()
    const outcome = await runWrite(request, {
      serializeOn: [profileStream(organizationId, bearer.kind, bearer.id)],
      resourceIdOf: (key: ApiKeyBody) => key.access_key,
      plan: async (ctx) => {
        const [profile, maxLifetimeSeconds] = await Promise.all([loadProfile(ctx, organizationId, bearer.kind, bearer.id), maxLifetimeOf(ctx, organizationId)])
        const writes = planCreateApiKey(profile, {
          organizationId, credentialId, accessKey, secretHash: sha256Hex(secretKey), description: body.description, expiresAt: body.expires_at,
          defaultProjectId: body.default_project_id, creationIp: meta.sourceIp, maxLifetimeSeconds, now: ctx.now,
        })
        if (isDomainError(writes)) return writes
        const credential = stateAfter(credentialDecider, { status: 'absent' }, writes, credentialStreamId(organizationId, credentialId))
        if (credential.status === 'absent') throw new Error('an issued API key has a state')
        return { writes, result: renderApiKey(credential, secretKey) }
      },
    })
    // A replay re-renders the key as it is now: its secret was shown once, to the first response.
    return respond(outcome, (key) => key, (replayed) => reload(request, replayed))
  }),

  operation('UpdateAPIKey', async (request) => {
    const { input, organizationId, now, deps } = request
    const accessKey = input.params.access_key
    const credentialId = await credentialOfAccessKey(deps.services.dynamo, organizationId, accessKey, now)
    const { description, default_project_id: defaultProjectId, expires_at: expiresAt } = input.body
    const outcome = await runWrite(request, {
      serializeOn: credentialId ? [credentialStreamId(organizationId, credentialId)] : [],
      resourceIdOf: () => accessKey,
      plan: async (ctx) => {
        if (!credentialId) return notFound('api_key', accessKey)
        const [{ state }, maxLifetimeSeconds] = await Promise.all([
          ctx.load(credentialDecider, credentialStreamId(organizationId, credentialId)),
          maxLifetimeOf(ctx, organizationId),
        ])
        const writes = planUpdateApiKey(state, { organizationId, accessKey, description, defaultProjectId, expiresAt, maxLifetimeSeconds, now: ctx.now })
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    // Rendered from the stream, replayed or not: `updated_at` is when the change was recorded (the event's time).
    const response = await respond(outcome, () => accessKey, async () => accessKey)
    if (isDomainError(response)) return response
    const body = await reload(request, accessKey)
    return isDomainError(body) ? body : { ...response, body }
  }),

  operation('DeleteAPIKey', async (request) => {
    const { input, organizationId, now, deps } = request
    const accessKey = input.params.access_key
    const credentialId = await credentialOfAccessKey(deps.services.dynamo, organizationId, accessKey, now)
    const outcome = await runWrite(request, {
      serializeOn: credentialId ? [credentialStreamId(organizationId, credentialId)] : [],
      resourceIdOf: () => accessKey,
      status: 204,
      plan: async (ctx) => {
        if (!credentialId) return notFound('api_key', accessKey)
        const [{ state }, stored] = await Promise.all([
          ctx.load(credentialDecider, credentialStreamId(organizationId, credentialId)),
          ctx.readState(credentialItemKey(organizationId, credentialId)),
        ])
        if (state.status === 'absent' || state.status === 'revoked') return notFound('api_key', accessKey)
        const { bearer } = apiKeyFields(state)
        const profile = await loadProfile(ctx, organizationId, bearer.kind, bearer.id)
        const writes = planDeleteApiKey(state, stored as Pick<CredentialItem, 'secretHash'> | undefined, profile, { organizationId, accessKey })
        return isDomainError(writes) ? writes : { writes, result: undefined }
      },
    })
    return respondEmpty(outcome)
  }),
)

/** The organization's `max_api_key_expiration_duration` in seconds (0: none), read in the command's round. */
async function maxLifetimeOf(ctx: CommandContext, organizationId: string): Promise<number> {
  const { state } = await ctx.load(organizationDecider, organizationStreamId(organizationId))
  return state.status === 'active' ? state.securitySettings.maxApiKeyExpirationSeconds : 0
}

/** The key as its stream holds it now, without its secret. */
async function reload(request: Pick<OperationRequest<OperationId>, 'deps' | 'organizationId' | 'now'>, accessKey: string): Promise<ApiKeyBody | DomainError> {
  const key = await loadApiKey(request.deps.services, request.organizationId, accessKey, request.now)
  return key ? renderApiKey(key) : notFound('api_key', accessKey)
}
