// OAuth2 providers (spec §3.2 #12, #30–33, §4.9, §9 #15–16): an organization's upstream OIDC providers, and the
// system providers of the configuration. The client secret is write-only: sealed by the keyring (the federation
// callback needs it back, functions/nscale/oauth2Providers.ts), never returned, never in events.
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound } from '../../../../domain/core/errors.js'
import { toUuid } from '../../../../domain/core/ids.js'
import {
  planCreateOauth2Provider, planDeleteOauth2Provider, planUpdateOauth2Provider, type WriteOauth2Provider,
} from '../../../../domain/nscale/oauth2Provider/decide.js'
import type { Oauth2ProviderEvent } from '../../../../domain/nscale/oauth2Provider/events.js'
import { liveOauth2Provider, oauth2ProviderDecider, oauth2ProviderStreamId, type Oauth2Provider } from '../../../../domain/nscale/oauth2Provider/evolve.js'
import { OAUTH2_PROVIDER_LIST, OAUTH2_PROVIDER_PARTITION, type Oauth2ProviderListItem } from '../../../../projections/nscale/oauth2ProviderList.js'
import { systemProviders } from '../../../nscale/oauth2Providers.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { answer, answerWith, readList, readMetadata, runCommand } from './resourceSupport.js'

/** System providers have no creation event: they exist since the epoch. */
const SYSTEM_CREATION_TIME = '1970-01-01T00:00:00Z'

export function renderOauth2Provider(provider: Oauth2Provider) {
  return {
    metadata: { ...readMetadata(provider.id, provider.metadata, provider), organizationId: toUuid(provider.organizationId) },
    spec: { ...(provider.spec.type ? { type: provider.spec.type } : {}), issuer: provider.spec.issuer, clientID: provider.spec.clientID },
  }
}

/** The write command of a POST or PUT body, the secret sealed first (the plan never sees it in clear). */
async function writeCommand(
  services: Pick<NscaleServices, 'keyring'>,
  ids: { organizationId: string; id: string },
  body: { metadata: WriteOauth2Provider['metadata']; spec: WriteOauth2Provider['spec'] & { clientSecret?: string } },
  at: string,
  by: string,
): Promise<WriteOauth2Provider> {
  const { clientSecret, ...spec } = body.spec
  const sealed = clientSecret ? await services.keyring.encrypt(ids.organizationId, clientSecret) : undefined
  return { ...ids, metadata: body.metadata, spec, ...(sealed ? { sealedClientSecret: sealed } : {}), at, by }
}

async function loadOauth2Provider(services: Pick<NscaleServices, 'store'>, organizationId: string, id: string): Promise<Oauth2Provider | undefined> {
  const streamId = oauth2ProviderStreamId(organizationId, id)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  return liveOauth2Provider(fold(oauth2ProviderDecider, events as unknown as Oauth2ProviderEvent[]))
}

export const oauth2ProviderHandlers = defineHandlers(
  operation('apiV1Oauth2providersGet', async ({ deps }) => ({
    body: systemProviders(deps.services.config.nscaleOidc.systemProviders).map((provider) => ({
      metadata: {
        id: provider.id, name: provider.name, creationTime: SYSTEM_CREATION_TIME, provisioningStatus: 'provisioned', healthStatus: 'healthy', organizationId: '',
      },
      spec: { ...(provider.type ? { type: provider.type } : {}), issuer: provider.issuer, clientID: provider.clientId },
    })),
  })),

  operation('apiV1OrganizationsOrganizationIDOauth2providersGet', async ({ input, consistencyTokens, deps }) => {
    const organizationId = input.params.organizationID
    const providers = await readList<Oauth2ProviderListItem>(deps.services, { consistencyTokens }, organizationId, OAUTH2_PROVIDER_LIST, OAUTH2_PROVIDER_PARTITION)
    if (isDomainError(providers)) return providers
    return { body: providers.map(renderOauth2Provider) }
  }),

  operation('apiV1OrganizationsOrganizationIDOauth2providersPost', async ({ input, caller, meta, now, idempotency, deps }) => {
    const organizationId = input.params.organizationID
    const id = deps.ids.newId()
    const command = await writeCommand(deps.services, { organizationId, id }, input.body, now.toISOString(), caller.subject)
    const streamId = oauth2ProviderStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(oauth2ProviderDecider, streamId)
      const planned = planCreateOauth2Provider(state, command)
      if (isDomainError(planned)) return planned
      const after = liveOauth2Provider(fold(oauth2ProviderDecider, planned.appends.flatMap((append) => append.events), state))
      return { ...planned, result: after! }
    }, { scope: idempotency, status: 201, resourceIdOf: (provider) => provider.id })
    if (isDomainError(written)) return written
    return answerWith(written, renderOauth2Provider, async (providerId) => {
      const provider = await loadOauth2Provider(deps.services, organizationId, providerId)
      return provider ? renderOauth2Provider(provider) : notFound('oauth2_provider', providerId)
    }, 201)
  }),

  operation('apiV1OrganizationsOrganizationIDOauth2providersProviderIDPut', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, providerID: id } = input.params
    const streamId = oauth2ProviderStreamId(organizationId, id)
    // Unknown ids are refused before anything is sealed.
    const events = (await deps.services.store.load([streamId])).get(streamId) ?? []
    if (events.length === 0) return notFound('oauth2_provider', id)
    const command = await writeCommand(deps.services, { organizationId, id }, input.body, now.toISOString(), caller.subject)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(oauth2ProviderDecider, streamId)
      const planned = planUpdateOauth2Provider(state, command)
      return isDomainError(planned) ? planned : { ...planned, result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written)
  }),

  operation('apiV1OrganizationsOrganizationIDOauth2providersProviderIDDelete', async ({ input, caller, meta, now, idempotency, deps }) => {
    const { organizationID: organizationId, providerID: id } = input.params
    const streamId = oauth2ProviderStreamId(organizationId, id)
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(oauth2ProviderDecider, streamId)
      const planned = planDeleteOauth2Provider(state, { id, organizationId, at: now.toISOString(), by: caller.subject })
      return isDomainError(planned) ? planned : { ...planned, result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written)
  }),
)
