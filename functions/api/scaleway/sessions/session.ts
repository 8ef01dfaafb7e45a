// Starting, renewing and rendering sessions (issue 9). A session is written through the command runner (its
// credential, and for a sign-in the user's login and grace periods, in one request); its token is signed after the
// write, so a token never names a session that does not exist.
import { fold } from '../../../../domain/core/decider.js'
import { credentialDecider, credentialItemKey, credentialStreamId, type Credential, type CredentialItem } from '../../../../domain/core/credential/index.js'
import { isDomainError, type DomainError } from '../../../../domain/core/errors.js'
import type { CommandContext, RequestMeta } from '../../../../domain/core/ports.js'
import { planRenewSession, tokenLifetime, type PlannedWrites } from '../../../../domain/scaleway/index.js'
import { newSecretToken, sha256Hex } from '../../../store/secrets.js'
import type { ScalewayDeps } from '../deps.js'
import type { SessionTokens } from './tokens.js'

/** Renew tokens: 256 random bits behind a prefix that says what they are. */
export function newRenewToken(): { token: string; hash: string } {
  const token = `scwrt_${newSecretToken(32)}`
  return { token, hash: sha256Hex(token) }
}

/** A session (core credential of kind `session`) as the JWT schema renders it. */
export function renderJwt(session: Credential) {
  const attribute = (name: string) => (typeof session.attributes[name] === 'string' ? (session.attributes[name] as string) : '')
  return {
    jti: session.credentialId,
    issuer_id: attribute('issuerId') || session.principalId,
    audience_id: session.principalId,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    expires_at: session.expiresAt ?? null,
    ip: attribute('ip'),
    user_agent: attribute('userAgent'),
  }
}

export interface EncodedSession {
  token: string
  renew_token: string
  refresh_token: string
  jwt: ReturnType<typeof renderJwt>
}

type Deps = Pick<ScalewayDeps, 'clock' | 'services'> & { sessions: { tokens: SessionTokens } }

export interface SessionWrite {
  /** Streams serialized while the command runs. */
  serializeOn: string[]
  meta: RequestMeta
  organizationId: string
  sessionId: string
  renewToken: string
  /** Decides in the command's context (streams it loads there are the ones it may append to). */
  plan: (ctx: CommandContext) => Promise<{ writes: PlannedWrites; restricted: boolean } | DomainError>
}

/** Writes the planned session and signs its first token. */
export async function writeSession(deps: Deps, session: SessionWrite): Promise<{ body: EncodedSession; consistencyToken: string } | DomainError> {
  const stream = credentialStreamId(session.organizationId, session.sessionId)
  const outcome = await deps.services.commands.run({
    serializeOn: session.serializeOn,
    meta: session.meta,
    plan: async (ctx) => {
      const planned = await session.plan(ctx)
      if (isDomainError(planned)) return planned
      const events = planned.writes.appends.find((append) => append.streamId === stream)?.events ?? []
      const credential = fold(credentialDecider, events as never[])
      if (credential.status === 'absent') throw new Error('a session plan without its credential')
      return { appends: planned.writes.appends, extras: planned.writes.extras, result: { credential, restricted: planned.restricted } }
    },
  })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed) return ended()
  const body = await encode(deps, outcome.result.credential, session.renewToken, outcome.result.restricted)
  return isDomainError(body) ? body : { body, consistencyToken: outcome.token }
}

async function encode(deps: Deps, session: Credential, renewToken: string, restricted: boolean): Promise<EncodedSession | DomainError> {
  const lifetime = tokenLifetime(new Date(session.expiresAt ?? 0), deps.clock.now())
  if (lifetime === undefined) return ended()
  const token = await deps.sessions.tokens.issue(
    { organizationId: session.organizationId, userId: session.principalId, sessionId: session.credentialId, restricted },
    lifetime,
  )
  return { token, renew_token: renewToken, refresh_token: renewToken, jwt: renderJwt(session) }
}

/**
 * Rotates a renew token: the presented one must be the session's current one (a concurrent refresh that won makes
 * it stale), the session live and unexpired. `restricted` is decided again by the caller (grace periods may have
 * ended or been closed since the sign-in).
 */
export async function renewSession(
  deps: Deps,
  target: { organizationId: string; sessionId: string; presentedHash: string; meta: RequestMeta; restricted: boolean },
): Promise<{ body: EncodedSession; consistencyToken: string } | DomainError> {
  const stream = credentialStreamId(target.organizationId, target.sessionId)
  const renew = newRenewToken()
  const outcome = await deps.services.commands.run({
    serializeOn: [stream],
    meta: target.meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(credentialDecider, stream)
      const stored = (await ctx.readState(credentialItemKey(target.organizationId, target.sessionId))) as CredentialItem | undefined
      if (state.status !== 'active' || state.kind !== 'session' || stored?.secretHash !== target.presentedHash) return ended()
      if (!state.expiresAt || Date.parse(state.expiresAt) <= ctx.now.getTime()) return ended('expired')
      const writes = planRenewSession(state, { storedHash: stored.secretHash, newHash: renew.hash, now: ctx.now })
      if (isDomainError(writes)) return writes
      return { appends: writes.appends, extras: writes.extras, result: fold(credentialDecider, writes.appends[0]!.events as never[], state) }
    },
  })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed || outcome.result.status === 'absent') return ended()
  const body = await encode(deps, outcome.result, renew.token, target.restricted)
  return isDomainError(body) ? body : { body, consistencyToken: outcome.token }
}

export function ended(reason: 'not_found' | 'expired' = 'not_found'): DomainError {
  return { kind: 'unauthenticated', method: 'renew_token', reason, message: reason === 'expired' ? 'the session has expired' : 'the renew token is not valid' }
}
