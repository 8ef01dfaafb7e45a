// SCP SAML providers (SAML-1..5): identity federation settings of an account. Create and update are multipart
// forms carrying the IdP metadata file, validated by domain/core/saml/metadata.ts (issuer, SSO location and
// certificate expiry are derived from it). Reads by id fold the provider's stream; the list reads its projection.
// Decisions (spec §6.48): `acs_url` is null (no SP endpoint is served here); `file` is optional on create;
// `federation_type` is `SAML` only; names are unique per account (409); bulk delete answers 404 for an unknown id
// (documented) and deletes nothing then.
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import { combine, withinOneRequest, type PlannedWrites } from '../../../../domain/scaleway/plan.js'
import type { MetadataUpload } from '../../../../domain/scp/samlProvider/decide.js'
import { liveSamlProvider, samlProviderDecider, samlProviderStream, type SamlProvider } from '../../../../domain/scp/samlProvider/evolve.js'
import { planSamlProvider } from '../../../../domain/scp/samlProvider/plan.js'
import { SCP_SAML_PROVIDER_LIST, SCP_SAML_PROVIDER_LIST_PARTITION, type SamlProviderListItem } from '../../../../projections/scp/samlProviderList.js'
import type { ScpServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { contains, paginate } from '../paging.js'
import { coveredFor } from '../../../projector/organizationReads.js'
import { canonicalIds } from './identityIds.js'
import { foldAll, loadPeople, personOf, wireTime, type PersonCard } from './identityViews.js'
import { respond, respondEmpty, runWrite } from './identityWrites.js'
import {
  ListSamlProviderRemoveRequest, ListSamlProviderResponse, SamlProviderCreateForm, SamlProviderCreateResponse, SamlProviderDetailResponse,
  SamlProviderListQuery, SamlProviderUpdateForm,
} from './samlProviderSchemas.js'

type Services = Pick<ScpServices, 'store'>

async function loadProvider(services: Services, organizationId: Id, id: string): Promise<SamlProvider | undefined> {
  const [state] = await foldAll(services, samlProviderDecider, [samlProviderStream(organizationId, id)])
  return liveSamlProvider(state!)
}

function renderSummary(provider: SamlProvider, people: ReadonlyMap<string, PersonCard>) {
  return {
    account_id: provider.organizationId,
    created_at: wireTime(provider.createdAt),
    created_by: provider.createdBy,
    creator_name: personOf(people, provider.createdBy).name,
    description: provider.description,
    federation_type: provider.federationType,
    id: provider.id,
    modified_at: wireTime(provider.modifiedAt),
    modified_by: provider.modifiedBy,
    modifier_name: personOf(people, provider.modifiedBy).name,
    saml_provider_name: provider.name,
  }
}

function renderWithMetadata(provider: SamlProvider, people: ReadonlyMap<string, PersonCard>) {
  const metadata = provider.metadata
  return {
    ...renderSummary(provider, people),
    acs_url: null,
    idp_cert_end: wireTime(metadata?.certificatesValidUntil),
    idp_file_name: metadata?.fileName ?? null,
    idp_file_size: metadata?.fileSize ?? null,
    idp_issuer_url: metadata?.issuerUrl ?? null,
    idp_sso_url: metadata?.ssoUrl ?? null,
  }
}

async function peopleOf(services: Services, organizationId: Id, providers: readonly SamlProvider[]) {
  return loadPeople(services, organizationId, [...new Set(providers.flatMap((provider) => [provider.createdBy, provider.modifiedBy]))])
}

/** The create (no metadata content) or detail (with it) view of a live provider. */
async function show(services: Services, organizationId: Id, id: string, detail: boolean): Promise<unknown | DomainError> {
  const provider = await loadProvider(services, organizationId, id)
  if (!provider) return notFound('saml_provider', id)
  const view = renderWithMetadata(provider, await peopleOf(services, organizationId, [provider]))
  return detail ? { ...view, idp_file_data: provider.metadata?.data ?? null } : view
}

/** Read before the write: the command (and the Idempotency-Key hash) see the content, not a File. */
async function uploadOf(file: File | undefined): Promise<MetadataUpload | undefined> {
  return file && { fileName: file.name, content: await file.text() }
}

export const samlProviderHandlers = defineHandlers(
  operation('CreateSamlProvider', {
    body: SamlProviderCreateForm,
    bodyType: 'multipart',
    response: SamlProviderCreateResponse,
    status: 201,
    handler: async (request) => {
      const { body, organizationId, now, principal, services } = request
      const id = services.ids.newId()
      const file = await uploadOf(body.file)
      const outcome = await runWrite({ ...request, body: { ...body, file } }, {
        serializeOn: [samlProviderStream(organizationId, id)],
        status: 201,
        resourceIdOf: (providerId: string) => providerId,
        plan: async () => {
          const writes = planSamlProvider({ deleted: false }, {
            type: 'CreateSamlProvider', organizationId, id, at: now.toISOString(), by: principal.id,
            name: body.saml_provider_name,
            federationType: body.federation_type,
            description: body.description || null,
            ...(file && { file }),
            tags: body.tags ?? [],
          })
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      const render = (providerId: string) => show(services, organizationId, providerId, false)
      return respond(outcome, render, render)
    },
  }),
  operation('GetSamlProvider', {
    response: SamlProviderDetailResponse,
    handler: async ({ params, organizationId, services }) => {
      const shown = await show(services, organizationId, params.saml_provider_id as string, true)
      return isDomainError(shown) ? shown : { body: shown }
    },
  }),
  operation('ListSamlProviders', {
    query: SamlProviderListQuery,
    response: ListSamlProviderResponse,
    handler: async ({ query, organizationId, services, consistencyTokens }) => {
      const stale = await coveredFor(services.projector, organizationId, SCP_SAML_PROVIDER_LIST, consistencyTokens)
      if (stale) return stale
      const entries = await services.readStore.query<SamlProviderListItem>(SCP_SAML_PROVIDER_LIST, organizationId, SCP_SAML_PROVIDER_LIST_PARTITION)
      const providers = entries.map(({ model }) => model).filter((provider) =>
        contains(provider.name, query.saml_provider_name) && (query.federation_type === undefined || query.federation_type === provider.federationType))
      const page = paginate(providers, query, {
        sortKeys: { created_at: (provider) => provider.createdAt, modified_at: (provider) => provider.modifiedAt, saml_provider_name: (provider) => provider.name },
        defaultSort: 'created_at:desc',
        idOf: (provider) => provider.id,
      })
      const people = await peopleOf(services, organizationId, page.items)
      return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, saml_providers: page.items.map((provider) => renderSummary(provider, people)) } }
    },
  }),
  operation('UpdateSamlProvider', {
    body: SamlProviderUpdateForm,
    bodyType: 'multipart',
    response: SamlProviderDetailResponse,
    handler: async (request) => {
      const { body, params, organizationId, now, principal, services } = request
      const id = params.saml_provider_id as string
      const file = await uploadOf(body.file)
      const outcome = await runWrite({ ...request, body: { ...body, file } }, {
        serializeOn: [samlProviderStream(organizationId, id)],
        resourceIdOf: () => id,
        plan: async (ctx) => {
          const { state } = await ctx.load(samlProviderDecider, samlProviderStream(organizationId, id))
          const writes = planSamlProvider(state, {
            type: 'UpdateSamlProvider', organizationId, id, at: now.toISOString(), by: principal.id,
            ...(body.saml_provider_name && { name: body.saml_provider_name }),
            ...(body.description !== undefined && { description: body.description || null }),
            ...(file && { file }),
            ...(body.tags !== undefined && { tags: body.tags }),
          })
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      const render = (providerId: string) => show(services, organizationId, providerId, true)
      return respond(outcome, render, render)
    },
  }),
  operation('DeleteSamlProvidersBulk', {
    body: ListSamlProviderRemoveRequest,
    handler: async (request) => {
      const { body, organizationId, now, principal } = request
      const ids = canonicalIds('ids', body.ids)
      if (isDomainError(ids)) return ids
      if (ids.length === 0) return {}
      return respondEmpty(await runWrite(request, {
        serializeOn: ids.map((id) => samlProviderStream(organizationId, id)),
        status: 204,
        resourceIdOf: () => ids.join(','),
        plan: async (ctx) => {
          const parts: PlannedWrites[] = []
          for (const id of ids) {
            const { state } = await ctx.load(samlProviderDecider, samlProviderStream(organizationId, id))
            const writes = planSamlProvider(state, { type: 'DeleteSamlProvider', organizationId, id, at: now.toISOString(), by: principal.id })
            if (isDomainError(writes)) return writes
            parts.push(writes)
          }
          const writes = withinOneRequest(combine(...parts))
          return isDomainError(writes) ? writes : { writes, result: ids }
        },
      }))
    },
  }),
)
