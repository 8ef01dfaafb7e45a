// The ports the nscale surface is built with. The app wiring (surface.ts) passes the real ones; tests may pass
// their own. Handlers reach storage only through `services`.
import type { Hono } from 'hono'
import type { Clock, IdGenerator } from '../../../domain/core/ids.js'
import type { CommandOutcome, CommandRequest, EventStore } from '../../../domain/core/ports.js'
import type { RbacConfig } from '../../../domain/nscale/rbac/config.js'
import type { ReadStore } from '../../../projections/readModel.js'
import type { sharedAuthFailureLimiter } from '../../auth/rateLimit.js'
import type { BearerIdentity, BearerVerifier } from '../../auth/bearer.js'
import type { Checker } from '../../authz/check.js'
import type { Config } from '../../config.js'
import type { Projector } from '../../projector/projector.js'
import type { Dynamo } from '../../store/dynamo.js'
import type { Keyring } from '../../store/keyring.js'
import type { Handlers } from './operation.js'

/**
 * The authenticated caller. `principalIn` finds the principal that acts for it in an organization: a service
 * account is its own principal in its own organization (and holds only its global grants elsewhere); a person is
 * their membership (the API "user") in that organization, if any.
 */
export interface NscaleCaller {
  identity: BearerIdentity
  /** `createdBy` / `modifiedBy` of what this request writes. */
  subject: string
  /** Named by IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS: holds the platform-administrator role's global scopes. */
  platformAdmin: boolean
}

/** A principal of the check: `organizationId` is where its grants item lives. */
export interface ActingPrincipal {
  organizationId: string
  kind: 'user' | 'service_account'
  id: string
}

export interface CommandRunner {
  run<R>(request: CommandRequest<R>): Promise<CommandOutcome<R>>
}

/** What handlers use beyond the wire. Extend additively as handlers need more. */
export interface NscaleServices {
  config: Config
  dynamo: Dynamo
  store: EventStore
  commands: CommandRunner
  readStore: ReadStore
  projector: Pick<Projector, 'waitFor'>
  checker: Checker
  keyring: Keyring
  rbac: RbacConfig
}

/** Memberships of people by subject (e-mail), from their global index items. */
export interface Memberships {
  /** The membership (principal) id of `subject` in `organizationId`, or undefined. */
  principalIn(subject: string, organizationId: string): Promise<string | undefined>
  /** Every organization `subject` has a membership in. */
  organizationsOf(subject: string): Promise<string[]>
  /** When each of `subjects` last authenticated through the OIDC provider (RFC 3339), for those who ever did. */
  lastActive(subjects: readonly string[]): Promise<Map<string, string>>
}

export interface NscaleDeps {
  clock: Clock
  ids: IdGenerator
  /** Tried in order: the first that accepts a token's shape verifies it (functions/auth/bearer.ts). */
  verifiers: readonly BearerVerifier[]
  memberships: Memberships
  authFailures?: ReturnType<typeof sharedAuthFailureLimiter>
  /** Operation handlers by operationId; an operation without one answers 501. Defaults to `nscaleHandlers`. */
  handlers?: Handlers
  services: NscaleServices
  /**
   * More routes under /api/v1 that are not REST operations (the OIDC provider's public `GET /api/v1/signup`):
   * mounted before the surface's catch-all, each route handling its own authentication.
   */
  extraRoutes?: ReadonlyArray<Hono<any, any, any>>
  maxBodyBytes?: number
  trustForwardedFor?: boolean
  logError?: (message: string, details: Record<string, unknown>) => void
}
