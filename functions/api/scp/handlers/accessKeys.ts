// Access keys (AK-1..7): PERMANENT and TEMPORARY SCP access keys of the caller, on the core credential aggregate.
// A temporary key needs a parent key of the caller and a passcode sent by send-otp; it expires after `duration`.
import { credentialDecider, credentialItemExtras, credentialStreamId, disableCredential, enableCredential, revokeCredential, type CredentialEvent } from '../../../../domain/core/credential/index.js'
import { invalidArgument, isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { normalizeId } from '../../../../domain/core/ids.js'
import type { Extra, Plan } from '../../../../domain/core/ports.js'
import { fold } from '../../../../domain/core/decider.js'
import { userDecider, userStream } from '../../../../domain/scaleway/user/evolve.js'
import { accessKeyTypeOf, addIsoDuration, planIssueScpAccessKey, TEMPORARY_DEFAULT_SECONDS, TEMPORARY_MAX_SECONDS } from '../../../../domain/scp/accessKey/plan.js'
import { SCP_ACCESS_KEY_LIST, SCP_ACCESS_KEY_LIST_PARTITION, type ScpAccessKeyListItem } from '../../../../projections/scp/accessKeyList.js'
import { newScpAccessKeyMaterial } from '../../../core/scpAccessKeys.js'
import type { ScpServices } from '../deps.js'
import { tooManyRequests } from '../errors.js'
import { defineHandlers, operation, type ScpRequest } from '../operation.js'
import { markerPage, type MarkerRequest } from '../paging.js'
import {
  ACCESS_KEY_SORT_FIELDS, AccessKeyCreateRequest, AccessKeyOtpRequest, AccessKeyResponse, AccessKeyUpdateRequest, ListAccessKeyRemoveRequest,
  ListAccessKeyResponse, ListAccessKeysQuery,
} from '../schemas/accessKeys.js'
import { allowSend, issuePasscode, OTP_SEND_WINDOW_SECONDS, verifyPasscode } from './accessKeyOtp.js'
import { loadAccessKey, renderAccessKey } from './accessKeyViews.js'
import { coveredFor } from '../../../projector/organizationReads.js'

const SORT_KEYS = {
  created_at: (key: ScpAccessKeyListItem) => key.createdAt,
  modified_at: (key: ScpAccessKeyListItem) => key.updatedAt,
  expiration_timestamp: (key: ScpAccessKeyListItem) => key.expiresAt ?? null,
  description: (key: ScpAccessKeyListItem) => key.description,
} satisfies Record<(typeof ACCESS_KEY_SORT_FIELDS)[number], (key: ScpAccessKeyListItem) => string | null>

export const accessKeyHandlers = defineHandlers(
  operation('CreateAccessKey', {
    summary: 'Create an access key',
    body: AccessKeyCreateRequest,
    response: AccessKeyResponse,
    status: 201,
    handler: async ({ body, principal, organizationId, meta, now, services }) => {
      if (body.account_id !== undefined && normalizeId(body.account_id) !== organizationId) return notFound('account', body.account_id)
      let expiresAt: Date | undefined
      if (body.duration) {
        expiresAt = addIsoDuration(now, body.duration)
        if (!expiresAt || expiresAt.getTime() <= now.getTime()) return invalidArgument('duration', 'duration must be a positive ISO 8601 duration, e.g. PT12H', 'format')
      }
      let parentAccessKeyId: string | undefined
      const spend: Extra[] = []
      if (body.access_key_type === 'TEMPORARY') {
        if (!body.parent_access_key_id) return invalidArgument('parent_access_key_id', 'a temporary access key needs parent_access_key_id', 'required')
        if (!body.passcode) return invalidArgument('passcode', 'a temporary access key needs the passcode sent by POST /v1/access-keys/send-otp', 'required')
        parentAccessKeyId = normalizeId(body.parent_access_key_id) ?? ''
        const parent = await loadAccessKey(services, organizationId, parentAccessKeyId)
        if (!parent || parent.key.principalId !== principal.id || parent.key.status !== 'active' || accessKeyTypeOf(parent.key) !== 'PERMANENT') {
          return notFound('parent access key', body.parent_access_key_id)
        }
        expiresAt ??= new Date(now.getTime() + TEMPORARY_DEFAULT_SECONDS * 1000)
        if (expiresAt.getTime() - now.getTime() > TEMPORARY_MAX_SECONDS * 1000) {
          return invalidArgument('duration', `a temporary access key lives at most ${TEMPORARY_MAX_SECONDS / 3600} hours`)
        }
        const spent = await verifyPasscode(services.dynamo, organizationId, principal.id, body.passcode, now)
        if (isDomainError(spent)) return spent
        spend.push(...spent)
      }
      const material = await newScpAccessKeyMaterial(services.keyring, organizationId)
      const credentialId = services.ids.newId()
      const outcome = await services.commands.run({
        serializeOn: [credentialStreamId(organizationId, credentialId)],
        meta,
        plan: async () => {
          const plan = planIssueScpAccessKey(
            {
              organizationId, credentialId, principalId: principal.id, principalKind: principal.kind, accessKey: material.accessKey,
              type: body.access_key_type, ...(body.description ? { description: body.description } : {}),
              ...(parentAccessKeyId ? { parentAccessKeyId } : {}), ...(expiresAt ? { expiresAt } : {}), now,
            },
            material.sealedSecret,
          )
          if (isDomainError(plan)) return plan
          return { appends: plan.appends, extras: [...plan.extras, ...spend], result: credentialId } satisfies Plan<string>
        },
      })
      if (!outcome.ok) return outcome.error
      if (outcome.replayed) throw new Error('access-key creation is not idempotent-replayable')
      const created = await loadAccessKey(services, organizationId, outcome.result)
      if (!created) throw new Error('the new access key is not readable')
      return { status: 201, body: { access_key: renderAccessKey(created.key, material.secretKey) }, consistencyToken: outcome.token }
    },
  }),

  operation('GetAccessKey', {
    summary: 'Get an access key',
    response: AccessKeyResponse,
    handler: async ({ params, organizationId, services }) => {
      const found = await loadAccessKey(services, organizationId, params.access_key_id!)
      return found ? { body: { access_key: renderAccessKey(found.key) } } : notFound('access key', params.access_key_id!)
    },
  }),

  operation('ListAccessKeys', {
    summary: 'List access keys',
    query: ListAccessKeysQuery,
    response: ListAccessKeyResponse,
    handler: async (request) => {
      const { query, organizationId } = request
      if (query.account_id !== undefined && normalizeId(query.account_id) !== organizationId) return notFound('account', query.account_id)
      const parent = query.parent_access_key_id === undefined ? undefined : normalizeId(query.parent_access_key_id)
      const filter = (key: ScpAccessKeyListItem) =>
        (query.access_key_type === undefined || accessKeyTypeOf(key) === query.access_key_type) &&
        (parent === undefined || key.attributes.parentAccessKeyId === parent)
      return listed(request, filter, query)
    },
  }),

  operation('SetAccessKey', {
    summary: 'Set an access key (enable or disable it)',
    body: AccessKeyUpdateRequest,
    response: AccessKeyResponse,
    handler: async ({ params, body, organizationId, meta, services }) => {
      const id = params.access_key_id!
      const outcome = await changeKey(services, organizationId, id, meta, (state) => (body.is_enabled ? enableCredential(state) : disableCredential(state)))
      if (isDomainError(outcome)) return outcome
      const found = await loadAccessKey(services, organizationId, id)
      if (!found) return notFound('access key', id)
      return { body: { access_key: renderAccessKey(found.key) }, ...(outcome.token ? { consistencyToken: outcome.token } : {}) }
    },
  }),

  operation('DeleteAccessKey', {
    summary: 'Remove the access key',
    handler: async ({ params, organizationId, meta, services }) => {
      const outcome = await changeKey(services, organizationId, params.access_key_id!, meta, revokeCredential)
      if (isDomainError(outcome)) return outcome
      return { status: 204, ...(outcome.token ? { consistencyToken: outcome.token } : {}) }
    },
  }),

  operation('DeleteAccessKeysBulk', {
    summary: 'Remove the access keys (all or none); answers the remaining keys',
    body: ListAccessKeyRemoveRequest,
    response: ListAccessKeyResponse,
    handler: async (request) => {
      const { body, organizationId, meta, services } = request
      const ids = [...new Set(body.ids.map((id) => normalizeId(id) ?? ''))]
      const outcome = await services.commands.run({
        serializeOn: ids.map((id) => credentialStreamId(organizationId, id)),
        meta,
        plan: async (ctx) => {
          const appends: Plan<undefined>['appends'] = []
          const extras: Extra[] = []
          for (const id of ids) {
            const streamId = credentialStreamId(organizationId, id)
            const { state } = await ctx.load(credentialDecider, streamId)
            if (state.status === 'absent' || state.status === 'revoked' || state.kind !== 'scp_access_key') return notFound('access key', id)
            const events = revokeCredential(state)
            if (isDomainError(events)) return events
            appends.push({ streamId, events })
            extras.push(...credentialItemExtras(state, events as CredentialEvent[]))
          }
          return { appends, extras, result: undefined }
        },
      })
      if (!outcome.ok) return outcome.error
      const page = await listed({ ...request, consistencyTokens: [...request.consistencyTokens, outcome.token] }, () => true, {
        limit: body.limit ?? undefined,
        marker: body.marker ?? undefined,
        with_count: body.with_count === true || String(body.with_count).toLowerCase() === 'true',
        sort: sortOrUndefined(body.sort),
      })
      return isDomainError(page) ? page : { ...page, consistencyToken: outcome.token }
    },
  }),

  operation('SendAccessKeyOtp', {
    summary: 'Send a one-time passcode for a temporary access key',
    body: AccessKeyOtpRequest,
    handler: async ({ body, principal, organizationId, now, services }) => {
      if ((body.method ?? 'EMAIL') !== 'EMAIL') return invalidArgument('method', 'only EMAIL delivery is available', 'constraint')
      const email = await emailOf(services, organizationId, principal.id)
      if (!email) return invalidArgument('method', 'the caller has no e-mail address to send a passcode to', 'constraint')
      if (!(await allowSend(services.dynamo, organizationId, principal.id, now))) return { error: tooManyRequests(OTP_SEND_WINDOW_SECONDS) }
      const passcode = await issuePasscode(services.dynamo, organizationId, principal.id, now)
      await services.notifier.send({ organizationId, to: email, template: 'scp_access_key_otp', data: { organization_id: organizationId, passcode, locale: body.locale ?? 'en_US' } })
      return { status: 204 }
    },
  }),
)

/** Where a passcode goes: the principal's e-mail address (its user profile's). */
async function emailOf(services: Pick<ScpServices, 'store'>, organizationId: string, principalId: string): Promise<string | undefined> {
  const streamId = userStream(organizationId, principalId)
  const events = (await services.store.load([streamId])).get(streamId) ?? []
  const { user, deleted } = fold(userDecider, events as never)
  return user && !deleted && !user.email.endsWith('.invalid') ? user.email : undefined
}

function sortOrUndefined(sort: string | null | undefined): string | undefined {
  return sort && new RegExp(`^(${ACCESS_KEY_SORT_FIELDS.join('|')}):(asc|desc)$`, 'i').test(sort) ? sort : undefined
}

/** One change to one key, with its credential items, through the runner. */
async function changeKey(
  services: ScpServices,
  organizationId: string,
  id: string,
  meta: ScpRequest['meta'],
  decide: (state: Parameters<typeof revokeCredential>[0]) => CredentialEvent[] | DomainError,
): Promise<{ token?: string } | DomainError> {
  const streamId = credentialStreamId(organizationId, id)
  const outcome = await services.commands.run({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(credentialDecider, streamId)
      if (state.status === 'absent' || state.status === 'revoked' || state.kind !== 'scp_access_key') return notFound('access key', id)
      const events = decide(state)
      if (isDomainError(events)) return events
      return { appends: events.length > 0 ? [{ streamId, events }] : [], extras: credentialItemExtras(state, events), result: undefined }
    },
  })
  if (!outcome.ok) return outcome.error
  return { token: outcome.token }
}

async function listed(
  request: Pick<ScpRequest, 'organizationId' | 'services' | 'consistencyTokens' | 'path' | 'rawQuery'>,
  filter: (key: ScpAccessKeyListItem) => boolean,
  query: MarkerRequest,
) {
  const { organizationId, services } = request
  const stale = await coveredFor(services.projector, organizationId, SCP_ACCESS_KEY_LIST, request.consistencyTokens)
  if (stale) return stale
  const entries = await services.readStore.query<ScpAccessKeyListItem>(SCP_ACCESS_KEY_LIST, organizationId, SCP_ACCESS_KEY_LIST_PARTITION)
  const page = markerPage(entries.map((entry) => entry.model).filter(filter), query, {
    sortKeys: SORT_KEYS,
    defaultSort: 'created_at:desc',
    idOf: (key) => key.credentialId,
    url: { publicUrl: services.publicUrl, path: '/v1/access-keys', query: { ...request.rawQuery } },
  })
  if (!page) return invalidArgument('marker', 'marker must be the id of an access key of the list', 'format')
  return { body: { access_keys: page.items.map((key) => renderAccessKey(key)), count: page.count, links: page.links } }
}
