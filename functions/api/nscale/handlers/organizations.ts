// Organizations (spec #14–18). The list answers, without `email`: every organization to callers with the global
// `identity:organizations` read (platform administrators), else the caller's own (a service account's organization,
// a person's memberships); with `email`: the organizations of that person, which must be the caller or a caller
// with the global `identity:users` read (else 403; nobody with that e-mail: 404). Creation is for platform
// administrators (the route's global check): a full organization (every surface's part, one transaction, like
// `iam organizations create`) without an administrator token. Provisioning is synchronous (spec §9 #13, option a).
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { fold } from '../../../../domain/core/decider.js'
import { isDomainError, notFound, permissionDenied } from '../../../../domain/core/errors.js'
import { organizationIndexKey, planReplaceNscaleOrganization } from '../../../../domain/nscale/organization/decide.js'
import type { NscaleOrganizationEvent } from '../../../../domain/nscale/organization/events.js'
import {
  nscaleOrganizationDecider, nscaleOrganizationStreamId, type NscaleOrganization, type NscaleOrganizationState,
} from '../../../../domain/nscale/organization/evolve.js'
import { planOrganizationDeletion, organizationDeletionStreams } from '../../../core/organizationDeletion.js'
import { createOrganization } from '../../../core/organizations.js'
import { organizationContributions } from '../../../core/organizationContributions.js'
import { nscaleOrganization, nscaleOrganizationContribution } from '../../../core/nscaleContributions.js'
import type { NscaleServices } from '../deps.js'
import { defineHandlers, operation } from '../operation.js'
import { answer, readMetadata, runCommand, wireTime } from './resourceSupport.js'

const EMAIL = /^[^\s@]+@[^\s@]+$/

export function renderOrganization(organization: NscaleOrganization) {
  const { spec } = organization
  return {
    metadata: {
      ...readMetadata(organization.id, organization.metadata, organization),
      ...(organization.deletedAt ? { deletionTime: wireTime(organization.deletedAt), provisioningStatus: 'deprovisioning' as const } : {}),
    },
    spec: {
      organizationType: spec.organizationType,
      ...(spec.organizationType === 'domain' ? { domain: spec.domain, providerScope: spec.providerScope, providerID: spec.providerID } : {}),
      ...(spec.googleCustomerID ? { googleCustomerID: spec.googleCustomerID } : {}),
    },
  }
}

/** The live organizations among `ids` (one consistent read of their streams), in id order. */
export async function loadOrganizations(services: Pick<NscaleServices, 'store'>, ids: readonly string[]): Promise<NscaleOrganization[]> {
  const distinct = [...new Set(ids)].sort()
  if (distinct.length === 0) return []
  const streams = await services.store.load(distinct.map(nscaleOrganizationStreamId))
  return distinct.flatMap((id) => {
    const state: NscaleOrganizationState = fold(nscaleOrganizationDecider, (streams.get(nscaleOrganizationStreamId(id)) ?? []) as unknown as NscaleOrganizationEvent[])
    return state.organization && !state.deleted ? [state.organization] : []
  })
}

async function allOrganizationIds(services: Pick<NscaleServices, 'dynamo'>): Promise<string[]> {
  const { dynamo } = services
  const key = organizationIndexKey('')
  const ids: string[] = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await dynamo.doc.send(
      new QueryCommand({ TableName: dynamo.tables.state, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key.pk }, ConsistentRead: true, ExclusiveStartKey: start }),
    )
    for (const item of page.Items ?? []) ids.push(String(item.sk))
    start = page.LastEvaluatedKey
  } while (start)
  return ids
}

export const organizationHandlers = defineHandlers(
  operation('apiV1OrganizationsGet', async ({ input, caller, access, consistencyTokens, deps }) => {
    const email = input.query.email?.trim().toLowerCase()
    const [readAll, readUsers] = await access.decide(
      caller,
      [{ endpoint: 'identity:organizations', operation: 'read', level: 'global' }, { endpoint: 'identity:users', operation: 'read', level: 'global' }],
      consistencyTokens,
    )
    if (readAll === 'stale' || readUsers === 'stale') return { kind: 'stale', message: 'the grants are not up to date with the consistency token yet' }
    if (email !== undefined) {
      if (email !== caller.subject.toLowerCase() && readUsers !== 'allow') return permissionDenied('identity:users', 'read')
      const ids = EMAIL.test(email) ? await deps.memberships.organizationsOf(email) : []
      if (ids.length === 0) return notFound('user', email)
      return { body: (await loadOrganizations(deps.services, ids)).map(renderOrganization) }
    }
    const { identity } = caller
    const ids = readAll === 'allow'
      ? await allOrganizationIds(deps.services)
      : identity.kind === 'service_account' ? [identity.organizationId] : await deps.memberships.organizationsOf(identity.subject)
    return { body: (await loadOrganizations(deps.services, ids)).map(renderOrganization) }
  }),

  operation('apiV1OrganizationsPost', async ({ input, caller, meta, deps }) => {
    const { metadata, spec } = input.body
    const contribution = nscaleOrganizationContribution({ metadata, spec, by: caller.subject, administratorAccount: false })
    const created = await createOrganization(
      {
        runner: deps.services.commands,
        ids: deps.ids,
        clock: deps.clock,
        keyring: deps.services.keyring,
        contributions: organizationContributions.map((part) => (part === nscaleOrganization ? contribution : part)),
      },
      // No owner credentials: this answer has nowhere to show their secrets (the CLI's organizations get them).
      { name: metadata.name, owner: EMAIL.test(caller.subject) ? { email: caller.subject.toLowerCase() } : {}, meta, ownerCredentials: false },
    )
    if (isDomainError(created)) return created
    const [organization] = await loadOrganizations(deps.services, [created.organizationId])
    return organization ? { status: 202, body: renderOrganization(organization), consistencyToken: created.token } : notFound('organization', created.organizationId)
  }),

  operation('apiV1OrganizationsOrganizationIDGet', async ({ input, deps }) => {
    const [organization] = await loadOrganizations(deps.services, [input.params.organizationID])
    return organization ? { body: renderOrganization(organization) } : notFound('organization', input.params.organizationID)
  }),

  operation('apiV1OrganizationsOrganizationIDPut', async ({ input, caller, meta, now, idempotency, access, consistencyTokens, deps }) => {
    const id = input.params.organizationID
    const streamId = nscaleOrganizationStreamId(id)
    const [global] = await access.decide(caller, [{ endpoint: 'identity:organizations', operation: 'update', level: 'global' }], consistencyTokens)
    const mayClaimDomains = global === 'allow'
    const written = await runCommand(deps.services, meta, [streamId], async (ctx) => {
      const { state } = await ctx.load(nscaleOrganizationDecider, streamId)
      const writes = planReplaceNscaleOrganization(state, { id, metadata: input.body.metadata, spec: input.body.spec, now, by: caller.subject, mayClaimDomains })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }, { scope: idempotency, status: 200, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written)
  }),

  operation('apiV1OrganizationsOrganizationIDDelete', async ({ input, caller, meta, now, idempotency, deps }) => {
    // The tenant itself goes too (its tombstone): every credential and grant of it, on every surface, stops at once.
    const id = input.params.organizationID
    const written = await runCommand(deps.services, meta, organizationDeletionStreams(id), async (ctx) => {
      const writes = await planOrganizationDeletion(ctx, id, { now, by: caller.subject })
      return isDomainError(writes) ? writes : { ...writes, result: id }
    }, { scope: idempotency, status: 202, resourceIdOf: () => id })
    return isDomainError(written) ? written : answer(written, 202)
  }),
)
