// Principals and API keys made through the core (the command runner, the core and Scaleway deciders), so that the
// reliability suites do not depend on which Scaleway handlers exist: expired, deleted and locked keys, an
// application with no policy, a bare user, a group.
import { randomUUID } from 'node:crypto'
import { credentialDecider, credentialItemExtras, credentialItemKey, credentialStreamId, issueCredential, revokeCredential } from '../../../domain/core/credential/index.js'
import type { CredentialItem, CredentialState } from '../../../domain/core/credential/index.js'
import { isDomainError, type DomainError } from '../../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../../domain/core/events.js'
import { normalizeId, toUuid } from '../../../domain/core/ids.js'
import type { CommandRequest, RequestMeta } from '../../../domain/core/ports.js'
import {
  lockPrincipal, principalDecider, principalStatusExtras, principalStreamId, registerPrincipal, type PrincipalState,
} from '../../../domain/core/principal/index.js'
import { planCreateApplication, planCreateGroup } from '../../../domain/scaleway/index.js'
import type { AppDeps } from '../../../functions/api/deps.js'
import { newAccessKey, sha256Hex } from '../../../functions/store/secrets.js'

export interface IssuedKey {
  credentialId: string
  accessKey: string
  secretKey: string
}

export interface KeyedPrincipal extends IssuedKey {
  organizationId: string
  /** Dashed UUID. */
  principalId: string
  kind: 'user' | 'application'
  /** Consistency token of the last write. */
  token: string
}

type Deps = Pick<AppDeps, 'runner' | 'ids' | 'clock'>

const meta = (deps: Deps): RequestMeta => ({
  actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'reliability-suite', surface: 'system',
})

async function run(deps: Deps, serializeOn: string[], plan: CommandRequest<undefined>['plan']): Promise<string> {
  const outcome = await deps.runner.run({ serializeOn, meta: meta(deps), plan })
  if (!outcome.ok) throw new Error(`fixture write failed: ${JSON.stringify(outcome.error)}`)
  return outcome.token
}

function must<T>(value: T | DomainError): T {
  if (isDomainError(value)) throw new Error(`fixture decision failed: ${JSON.stringify(value)}`)
  return value
}

/** A principal of the organization: an application (the Scaleway aggregate too) or a bare user principal. */
export async function createPrincipal(deps: Deps, organizationId: string, kind: 'user' | 'application', name = `fixture-${kind}`): Promise<{ principalId: string; token: string }> {
  const org = normalizeId(organizationId)!
  const principalId = deps.ids.newId()
  if (kind === 'application') {
    const planned = must(planCreateApplication({ type: 'CreateApplication', organizationId: org, id: principalId, name, at: deps.clock.now().toISOString() }))
    const token = await run(deps, [principalStreamId(org, principalId)], async () => ({ ...planned, result: undefined }))
    return { principalId: toUuid(principalId), token }
  }
  const events = must(registerPrincipal({ status: 'absent' }, { principalId, organizationId: org, kind: 'user' }))
  const token = await run(deps, [principalStreamId(org, principalId)], async () => ({
    appends: [{ streamId: principalStreamId(org, principalId), events }],
    extras: principalStatusExtras(org, principalId, events),
    result: undefined,
  }))
  return { principalId: toUuid(principalId), token }
}

/** A Scaleway API key of the principal; `validity` places its issue and expiry (an expired key: both in the past). */
export async function issueKey(
  deps: Deps,
  organizationId: string,
  principal: { principalId: string; kind: 'user' | 'application' },
  validity: { issuedAt?: Date; expiresAt?: Date } = {},
): Promise<IssuedKey & { token: string }> {
  const org = normalizeId(organizationId)!
  const principalId = normalizeId(principal.principalId)!
  const credentialId = deps.ids.newId()
  const accessKey = newAccessKey()
  const secretKey = randomUUID()
  const events = must(
    issueCredential({ status: 'absent' }, {
      credentialId, organizationId: org, principalId, principalKind: principal.kind, kind: 'scaleway_api_key', accessKey,
      description: 'reliability fixture', attributes: { defaultProjectId: org },
      ...(validity.expiresAt ? { expiresAt: validity.expiresAt } : {}),
      now: validity.issuedAt ?? deps.clock.now(),
    }),
  )
  const streamId = credentialStreamId(org, credentialId)
  const token = await run(deps, [streamId], async () => ({
    appends: [{ streamId, events }],
    extras: credentialItemExtras({ status: 'absent' }, events, { hash: sha256Hex(secretKey) }),
    result: undefined,
  }))
  return { credentialId, accessKey, secretKey, token }
}

/** Revokes a key the way DeleteAPIKey does: the event, and its credential items deleted in the same request. */
export async function revokeKey(deps: Deps, organizationId: string, credentialId: string): Promise<string> {
  const org = normalizeId(organizationId)!
  const streamId = credentialStreamId(org, credentialId)
  return run(deps, [streamId], async (ctx) => {
    const { state } = await ctx.load<CredentialState>(credentialDecider, streamId)
    const stored = (await ctx.readState(credentialItemKey(org, credentialId))) as Pick<CredentialItem, 'secretHash'> | undefined
    const events = must(revokeCredential(state))
    return { appends: [{ streamId, events }], extras: credentialItemExtras(state, events, {}, stored), result: undefined }
  })
}

export async function lock(deps: Deps, organizationId: string, principalId: string): Promise<string> {
  const org = normalizeId(organizationId)!
  const id = normalizeId(principalId)!
  const streamId = principalStreamId(org, id)
  return run(deps, [streamId], async (ctx) => {
    const { state } = await ctx.load<PrincipalState>(principalDecider, streamId)
    const events = must(lockPrincipal(state))
    return { appends: [{ streamId, events }], extras: principalStatusExtras(org, id, events), result: undefined }
  })
}

/** A principal with a working key. */
export async function keyedPrincipal(deps: Deps, organizationId: string, kind: 'user' | 'application', name?: string): Promise<KeyedPrincipal> {
  const created = await createPrincipal(deps, organizationId, kind, name)
  const key = await issueKey(deps, organizationId, { principalId: created.principalId, kind })
  return { organizationId, principalId: created.principalId, kind, ...key }
}

/** A Scaleway group, planned by the group aggregate (name reservation and quota included). */
export async function createGroup(deps: Deps, organizationId: string, name: string): Promise<{ groupId: string; token: string }> {
  const org = normalizeId(organizationId)!
  const id = deps.ids.newId()
  const planned = must(planCreateGroup({ type: 'CreateGroup', organizationId: org, id, name, at: deps.clock.now().toISOString() }))
  const token = await run(deps, planned.appends.map((append) => append.streamId), async () => ({ ...planned, result: undefined }))
  return { groupId: toUuid(id), token }
}
