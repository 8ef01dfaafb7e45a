// The ports the Scaleway surface is built with. The app wiring (functions/api/app.ts) passes the real ones;
// tests pass their own. Nothing here knows DynamoDB, Lambda or the authorization engine's internals.
import type { DomainError } from '../../../domain/core/errors.js'
import type { Clock, Id, IdGenerator } from '../../../domain/core/ids.js'
import type { CommandOutcome, CommandRequest, EventStore, RequestMeta } from '../../../domain/core/ports.js'
import type { Checker } from '../../authz/check.js'
import type { Dynamo } from '../../store/dynamo.js'
import type { Keyring } from '../../store/keyring.js'
import type { SessionTokens } from './sessions/tokens.js'
import type { Notifier } from '../../notify/index.js'
import type { Projector } from '../../projector/projector.js'
import type { ReadStore } from '../../../projections/readModel.js'
import type { Handlers } from './operation.js'
import type { OperationId } from './routes/index.js'

/** The authenticated caller. */
export interface Principal {
  organizationId: Id
  kind: 'user' | 'application'
  id: Id
  /** How the caller proved who it is: `X-Auth-Token` (API key secret) or `X-Session-Token` (sign-in JWT). */
  method: 'api_key' | 'session'
  /** The API key's access key, when `method` is `api_key`. */
  accessKey?: string
  /** A session whose grace period has ended: it may only renew the password or enrol MFA (issue 9). */
  restricted?: boolean
}

/**
 * Resolves an API key secret (a UUID, as sent) through its credential item, never a projection (DESIGN §4).
 * Fails with `unauthenticated` (method `api_key`, reason `not_found` | `expired` | `locked`).
 */
export type Authenticate = (secret: string, now: Date) => Promise<Principal | DomainError>

/** Resolves a session JWT (issue 9). Fails with `unauthenticated` (method `session`). */
export type AuthenticateSession = (token: string, now: Date) => Promise<Principal | DomainError>

/** Where an operation acts: the organization named by the request (else the caller's), and its project if any. */
export interface Scope {
  organizationId: Id
  projectId?: Id
}

export interface AuthorizeRequest {
  principal: Principal
  /** `CreateJWT`: the sign-in extension's one authenticated operation (sessions/routes.ts). */
  operationId: OperationId | 'CreateJWT'
  scope: Scope
  /** Request facts conditions read (`request:ip`, `request:user_agent`, `request:time`; domain/authz/context.ts). */
  context: Record<string, string>
  consistencyTokens: readonly string[]
  /** The parsed request, for decisions about the caller's own user and sessions (sessions/selfService.ts). */
  input?: { params: Record<string, unknown>; query: Record<string, unknown>; body: Record<string, unknown> }
}

/** Asks the authorization core for the operation's catalogue permission; undefined = allowed. */
export type Authorize = (request: AuthorizeRequest) => Promise<DomainError | undefined>

/** Who failed to authenticate, for rate limiting (DESIGN §8). Credentials appear only as SHA-256 hex. */
export interface AuthSubject {
  sourceIp: string
  credentialHash?: string
}

export interface AuthFailureLimiter {
  /** Seconds to wait when the subject is blocked now (may answer from memory), else undefined. */
  blocked(subject: AuthSubject, now: Date): Promise<number | undefined>
  /** Records a failure; answers seconds to wait when this failure passed the limit, else undefined. */
  failed(subject: AuthSubject, now: Date): Promise<number | undefined>
}

export interface CommandRunner {
  run<R>(request: CommandRequest<R>): Promise<CommandOutcome<R>>
}

/** What operation handlers use beyond the wire. Extend additively as handlers need more. */
export interface ScalewayServices {
  dynamo: Dynamo
  store: EventStore
  commands: CommandRunner
  /** Lists read projections at their current version. */
  readStore: ReadStore
  /** Waits until a projection covers the request's consistency tokens (DESIGN §5). */
  projector: Pick<Projector, 'waitFor'>
  /** E-mails to people (invitations, welcome and password e-mails): the outbox locally, SES on AWS. */
  notifier: Notifier
  /** The authorization core's check, for CheckPermissions (the caller's own permissions). */
  checker: Pick<Checker, 'checkMany'>
  /** IAM_PUBLIC_URL: the base of the links the surface hands out (SAML service-provider URLs). */
  publicUrl: string
  /** Seals the secrets a protocol needs back (MFA OTP seeds). */
  keyring: Pick<Keyring, 'encrypt' | 'decryptText'>
}

export interface ScalewayDeps {
  clock: Clock
  ids: IdGenerator
  authenticate: Authenticate
  authenticateSession?: AuthenticateSession
  /** Sign-in, refresh and CreateJWT (issue 9); without it those routes are not served. */
  sessions?: { tokens: SessionTokens }
  authorize: Authorize
  authFailures?: AuthFailureLimiter
  /** Operation handlers by operationId; an operation without one answers 501. Defaults to `scalewayHandlers`. */
  handlers?: Handlers
  services: ScalewayServices
  /** Larger request bodies get 413 before parsing (IAM_MAX_BODY_BYTES). */
  maxBodyBytes?: number
  /** Read the client IP from X-Forwarded-For: only behind a proxy that sets it. */
  trustForwardedFor?: boolean
  /** Unexpected errors (bugs) are reported here with the request id; bodies are never logged. */
  logError?: (message: string, details: Record<string, unknown>) => void
}

export type { RequestMeta }
