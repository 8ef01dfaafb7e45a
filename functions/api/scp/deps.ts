// The ports the SCP surface is built with. The app wiring (surface.ts) passes the real ones; tests may pass their
// own. Nothing here knows DynamoDB's or the engine's internals.
import type { Clock, Id, IdGenerator } from '../../../domain/core/ids.js'
import type { CommandOutcome, CommandRequest, EventStore } from '../../../domain/core/ports.js'
import type { PrincipalKind } from '../../../domain/core/principal/events.js'
import type { ReadStore } from '../../../projections/readModel.js'
import type { ScpVerifier } from '../../auth/scpSignature.js'
import type { sharedAuthFailureLimiter } from '../../auth/rateLimit.js'
import type { Checker } from '../../authz/check.js'
import type { Notifier } from '../../notify/index.js'
import type { Projector } from '../../projector/projector.js'
import type { Dynamo } from '../../store/dynamo.js'
import type { Keyring } from '../../store/keyring.js'
import type { ScpCatalogue } from './catalogue.js'
import type { ScpHandlers } from './operation.js'

/** The authenticated caller: the principal behind the access key that signed the request. */
export interface ScpPrincipal {
  organizationId: Id
  kind: PrincipalKind
  id: Id
  /** The SCP access key's credential id and its access key (the `Scp-Accesskey` value). */
  credentialId: Id
  accessKey: string
}

export type AuthFailureLimiter = ReturnType<typeof sharedAuthFailureLimiter>

export interface CommandRunner {
  run<R>(request: CommandRequest<R>): Promise<CommandOutcome<R>>
}

/** What operation handlers use beyond the wire. Extend additively as handlers need more. */
export interface ScpServices {
  /** Ids of new resources (32-hex from ULIDs). */
  ids: IdGenerator
  dynamo: Dynamo
  store: EventStore
  commands: CommandRunner
  readStore: ReadStore
  /** Waits until a projection covers the request's consistency tokens (DESIGN §5). */
  projector: Pick<Projector, 'waitFor'>
  /** Seals the secrets SCP needs back (access-key secrets for HMAC). */
  keyring: Keyring
  /** OTP passcodes and other notifications: the outbox locally, SES on AWS. */
  notifier: Notifier
  checker: Pick<Checker, 'check' | 'checkMany' | 'explain'>
  /** Service accounts and endpoints (a documented config file, catalogue.ts). */
  catalogue: ScpCatalogue
  /** IAM_PUBLIC_URL: the base of `links` hrefs and of signatures. */
  publicUrl: string
  /** The SRN environment token of this deployment (`srn:{env}::…`), IAM_SCP_SRN_ENV. */
  srnEnv: string
}

export interface ScpDeps {
  clock: Clock
  ids: IdGenerator
  verifier: ScpVerifier
  checker: Pick<Checker, 'check'>
  authFailures?: AuthFailureLimiter
  /** Operation handlers by operationId; an operation without one answers 501. Defaults to `scpHandlers`. */
  handlers?: ScpHandlers
  services: ScpServices
  maxBodyBytes: number
  /** IAM_SCP_ENFORCE_SUNSET: refuse 1.0/1.1 past their documented dates. */
  enforceSunset: boolean
  trustForwardedFor?: boolean
  logError?: (message: string, details: Record<string, unknown>) => void
}
