// SAML (spec §1.18, §4.14): an organization's identity-provider configuration and its certificates live in one
// stream per organization (domain/scaleway/saml). Every read folds that stream, so reads reflect every
// acknowledged write; the certificate list is part of the configuration, not a projection. A configuration or
// certificate id of another organization is not found alike: the stream read is always the caller's own.
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import type { EventStore } from '../../../../domain/core/ports.js'
import { stateAfter } from '../../../../domain/scaleway/plan.js'
import { planSaml, type SamlCommand } from '../../../../domain/scaleway/saml/decide.js'
import type { SamlEvent } from '../../../../domain/scaleway/saml/events.js'
import {
  samlCertificate, samlConfig, samlDecider, samlStream, type SamlCertificate, type SamlConfig, type SamlState,
} from '../../../../domain/scaleway/saml/evolve.js'
import { samlStatus, serviceProvider } from '../../../../domain/scaleway/saml/status.js'
import type { ScalewayServices } from '../deps.js'
import { defineHandlers, operation, type OperationRequest } from '../operation.js'
import type { OperationId } from '../routes/index.js'
import { respond, respondEmpty, runWrite } from './command.js'

function renderSaml(config: SamlConfig, publicUrl: string, now: Date) {
  const sp = serviceProvider(publicUrl, config.id)
  return {
    id: config.id,
    status: samlStatus(config, now),
    service_provider: { entity_id: sp.entityId, assertion_consumer_service_url: sp.assertionConsumerServiceUrl },
    entity_id: config.entityId,
    single_sign_on_url: config.singleSignOnUrl,
  }
}

function renderCertificate(certificate: SamlCertificate) {
  return { id: certificate.id, type: certificate.type, origin: certificate.origin, content: certificate.content, expires_at: certificate.expiresAt }
}

async function loadSaml(store: EventStore, organizationId: Id): Promise<SamlState> {
  const stream = samlStream(organizationId)
  return fold(samlDecider, ((await store.load([stream])).get(stream) ?? []) as unknown as SamlEvent[])
}

/** The organization's current configuration when `id` names it. */
async function findConfig(services: ScalewayServices, organizationId: Id, id: Id): Promise<SamlConfig | DomainError> {
  return samlConfig(await loadSaml(services.store, organizationId), id) ?? notFound('saml', id)
}

/** Runs a SAML command on the organization's stream; `result` picks what the response renders. */
function runSaml<Op extends OperationId, R>(request: OperationRequest<Op>, organizationId: Id, command: (at: string) => SamlCommand,
  result: (after: SamlState) => R, resourceIdOf: (result: R) => string, status?: number) {
  const stream = samlStream(organizationId)
  return runWrite(request, {
    serializeOn: [stream],
    resourceIdOf,
    ...(status ? { status } : {}),
    plan: async (ctx) => {
      const { state } = await ctx.load(samlDecider, stream)
      const writes = planSaml(state, command(ctx.now.toISOString()))
      return isDomainError(writes) ? writes : { writes, result: result(stateAfter(samlDecider, state, writes, stream)) }
    },
  })
}

export const samlHandlers = defineHandlers(
  operation('GetOrganizationSaml', async ({ deps, organizationId, now }) => {
    const { config } = await loadSaml(deps.services.store, organizationId)
    return config ? { body: renderSaml(config, deps.services.publicUrl, now) } : notFound('saml', organizationId)
  }),

  operation('EnableOrganizationSaml', async (request) => {
    const { deps, organizationId, now } = request
    const id = deps.ids.newId()
    const outcome = await runSaml(request, organizationId, (at) => ({ type: 'EnableSaml', organizationId, id, at }), (after) => after.config!, (config) => config.id)
    const render = (config: SamlConfig) => renderSaml(config, deps.services.publicUrl, now)
    return respond(outcome, render, async (samlId) => {
      const config = await findConfig(deps.services, organizationId, samlId)
      return isDomainError(config) ? config : render(config)
    })
  }),

  operation('UpdateSaml', async (request) => {
    const { deps, principal, input, now } = request
    const organizationId = principal.organizationId
    const id = input.params.saml_id
    const { entity_id: entityId, single_sign_on_url: singleSignOnUrl } = input.body
    const outcome = await runSaml(request, organizationId, (at) => ({ type: 'UpdateSaml', organizationId, id, entityId, singleSignOnUrl, at }),
      (after) => after.config!, (config) => config.id)
    const render = (config: SamlConfig) => renderSaml(config, deps.services.publicUrl, now)
    return respond(outcome, render, async (samlId) => {
      const config = await findConfig(deps.services, organizationId, samlId)
      return isDomainError(config) ? config : render(config)
    })
  }),

  operation('DeleteSaml', async (request) => {
    const organizationId = request.principal.organizationId
    const id = request.input.params.saml_id
    const outcome = await runSaml(request, organizationId, (at) => ({ type: 'DisableSaml', organizationId, id, at }), () => undefined, () => id, 204)
    return respondEmpty(outcome)
  }),

  operation('ListSamlCertificates', async ({ deps, principal, input }) => {
    const config = await findConfig(deps.services, principal.organizationId, input.params.saml_id)
    return isDomainError(config) ? config : { body: { certificates: config.certificates.map(renderCertificate) } }
  }),

  operation('AddSamlCertificate', async (request) => {
    const { deps, principal, input } = request
    const organizationId = principal.organizationId
    const id = deps.ids.newId()
    const outcome = await runSaml(request, organizationId, (at) => ({
      type: 'AddSamlCertificate', organizationId, samlId: input.params.saml_id, id, certificateType: input.body.type, content: input.body.content, at,
    }), (after) => samlCertificate(after, id)!, (certificate) => certificate.id)
    return respond(outcome, renderCertificate, async (certificateId) => {
      const certificate = samlCertificate(await loadSaml(deps.services.store, organizationId), certificateId)
      return certificate ? renderCertificate(certificate) : notFound('saml_certificate', certificateId)
    })
  }),

  operation('GetSamlCertificate', async ({ deps, principal, input }) => {
    const id = input.params.certificate_id
    const certificate = samlCertificate(await loadSaml(deps.services.store, principal.organizationId), id)
    return certificate ? { body: renderCertificate(certificate) } : notFound('saml_certificate', id)
  }),

  operation('DeleteSamlCertificate', async (request) => {
    const organizationId = request.principal.organizationId
    const id = request.input.params.certificate_id
    const outcome = await runSaml(request, organizationId, (at) => ({ type: 'DeleteSamlCertificate', organizationId, id, at }), () => undefined, () => id, 204)
    return respondEmpty(outcome)
  }),
)
