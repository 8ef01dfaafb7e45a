// Sign-in (issue 9): `POST /iam/v1alpha1/auth/login`. The user is found by its username or e-mail reservation, its
// password checked against the scrypt hash, then its OTP code when it has MFA. Failures count per user (a counter
// item); the one that reaches the organization's `login_attempts_before_locked` locks the user (PrincipalLocked,
// reason `login_attempts`, which the audit log records) and answers 423. Unknown users and wrong passwords are
// answered alike, after the same amount of hashing work.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { isDomainError, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import { credentialStreamId } from '../../../../domain/core/credential/index.js'
import { principalDecider, principalStreamId } from '../../../../domain/core/principal/index.js'
import type { StateKey } from '../../../../domain/core/ports.js'
import {
  emailReservation, liveUser, locksOut, userDecider, planLockout, planSignIn, sessionEnd, signInFailuresKey, userStream, usernameReservation,
} from '../../../../domain/scaleway/index.js'
import type { RequestInfo } from '../../../api/request.js'
import { hashPassword, verifyPassword } from '../../../store/secrets.js'
import type { ScalewayDeps } from '../deps.js'
import { loadOrganization } from '../handlers/organizationState.js'
import { passwordItemKey } from '../handlers/passwordItem.js'
import { loadUser } from '../handlers/userViews.js'
import { requestMeta } from '../request.js'
import { consumeCode, readOtpItem } from './otp.js'
import { newRenewToken, writeSession, type EncodedSession } from './session.js'
import type { SessionTokens } from './tokens.js'

export interface LoginRequest {
  organization_id: Id
  email?: string
  username?: string
  password: string
  mfa_code?: string
}

type Deps = Pick<ScalewayDeps, 'clock' | 'ids' | 'services'> & { sessions: { tokens: SessionTokens } }

const WRONG = 'unknown user or wrong password'

/** A sign-in attempt; rate limiting of failures is the route's (routes.ts). */
export async function signIn(deps: Deps, login: LoginRequest, info: RequestInfo): Promise<{ body: EncodedSession; consistencyToken: string } | DomainError> {
  return attempt(deps, login, info, deps.clock.now())
}

async function attempt(deps: Deps, login: LoginRequest, info: RequestInfo, now: Date) {
  const { services } = deps
  const organizationId = login.organization_id
  const organization = await loadOrganization(services, organizationId)
  const userId = isDomainError(organization) ? undefined : await findUser(deps, organizationId, login)
  const loaded = userId ? await loadUser(services.store, organizationId, userId) : undefined
  const user = loaded && liveUser(loaded.state)
  const hash = user ? await readItem(deps, passwordItemKey(organizationId, user.id)) : undefined
  // The same scrypt work whether or not the user exists, so timing does not tell.
  const passwordOk = await verifyPassword(login.password, typeof hash?.hash === 'string' ? hash.hash : await decoyHash())
  if (isDomainError(organization) || !user || !loaded || !hash) return denied('password', WRONG)
  if (!organization.loginMethods.password) return denied('password', 'password sign-in is disabled for this organization')
  if (loaded.principal.status === 'active' && loaded.principal.locked) return { kind: 'locked', resource: 'user', resourceId: user.id } as DomainError
  const settings = organization.securitySettings
  const meta = requestMeta(info, { organizationId, kind: 'user', id: user.id, method: 'session' })
  const fail = (method: 'password' | 'mfa', message: string) => failure(deps, { organizationId, userId: user.id, owner: user.type === 'owner', settings, meta, method, message })
  if (!passwordOk) return fail('password', WRONG)

  if (user.mfa) {
    if (!login.mfa_code) return denied('mfa', 'this user has MFA: send the one-time code in mfa_code')
    const otp = await readOtpItem(services.dynamo, organizationId, user.id)
    if (!otp || !(await consumeCode({ dynamo: services.dynamo, keyring: services.keyring }, organizationId, user.id, otp, login.mfa_code, now))) {
      return fail('mfa', 'the one-time code is wrong or was already used')
    }
  }

  const sessionId = deps.ids.newId()
  const renew = newRenewToken()
  const stream = userStream(organizationId, user.id)
  return writeSession(deps, {
    serializeOn: [stream, credentialStreamId(organizationId, sessionId)],
    meta,
    organizationId,
    sessionId,
    renewToken: renew.token,
    plan: async (ctx) => {
      const { state } = await ctx.load(userDecider, stream)
      return planSignIn({
        organizationId,
        user: state,
        settings,
        session: { sessionId, now, expiresAt: sessionEnd(settings, now), renewTokenHash: renew.hash, referrer: 'sign-in', ip: info.sourceIp, userAgent: info.userAgent },
      })
    },
  })
}

/** By username, else by e-mail: `username` may hold either (the sign-in page has one field for both). */
async function findUser(deps: Deps, organizationId: Id, login: LoginRequest): Promise<Id | undefined> {
  const owner = async (key: StateKey) => {
    const item = await readItem(deps, key)
    return typeof item?.owner === 'string' ? item.owner : undefined
  }
  if (login.email !== undefined) return owner(emailReservation(organizationId, login.email))
  const name = login.username ?? ''
  return (await owner(usernameReservation(organizationId, name))) ?? (name.includes('@') ? owner(emailReservation(organizationId, name)) : undefined)
}

async function readItem(deps: Deps, key: StateKey): Promise<Record<string, unknown> | undefined> {
  const { dynamo } = deps.services
  return (await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...key }, ConsistentRead: true }))).Item
}

interface Failure {
  organizationId: Id
  userId: Id
  owner: boolean
  settings: { loginAttemptsBeforeLocked: number }
  meta: ReturnType<typeof requestMeta>
  method: 'password' | 'mfa'
  message: string
}

/** Counts the failure; the one reaching the limit locks the user (never the owner, who cannot be locked out). */
async function failure(deps: Deps, failed: Failure): Promise<DomainError> {
  const { dynamo, commands } = deps.services
  const { Attributes } = await dynamo.doc.send(new UpdateCommand({
    TableName: dynamo.tables.state,
    Key: { ...signInFailuresKey(failed.organizationId, failed.userId) },
    UpdateExpression: 'ADD #count :one',
    ExpressionAttributeNames: { '#count': 'count' },
    ExpressionAttributeValues: { ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  }))
  const count = Number(Attributes?.count ?? 1)
  if (failed.owner || !locksOut(count, failed.settings)) return denied(failed.method, failed.message)
  const stream = principalStreamId(failed.organizationId, failed.userId)
  const outcome = await commands.run({
    serializeOn: [stream],
    meta: failed.meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(principalDecider, stream)
      const writes = planLockout(state, { organizationId: failed.organizationId, userId: failed.userId })
      return isDomainError(writes) ? writes : { appends: writes.appends, extras: writes.extras, result: undefined }
    },
  })
  if (!outcome.ok) return outcome.error
  return { kind: 'locked', resource: 'user', resourceId: failed.userId }
}

function denied(method: string, message: string): DomainError {
  return { kind: 'unauthenticated', method, reason: 'invalid_argument', message }
}

let decoy: Promise<string> | undefined
/** A hash of a random password, verified against when there is no user, so a miss costs what a hit costs. */
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(newRenewToken().token)
  return decoy
}
