// The one dependencies object every surface, the local server, the Lambda and the CLI share: ports as plain
// values, built once per process from the configuration and a DynamoDB connection.
import type { MetricsSink } from '../observability/metrics.js'
import { Logger } from '@aws-lambda-powertools/logger'
import { systemClock, ulidIds, type Clock, type IdGenerator } from '../../domain/core/ids.js'
import type { EventStore } from '../../domain/core/ports.js'
import type { ReadStore } from '../../projections/readModel.js'
import { projections } from '../../projections/index.js'
import type { Config } from '../config.js'
// Direct modules, not the projector's barrel: the API must not load the stream poller's client.
import { createProjector, type Projector } from '../projector/projector.js'
import { createReadStore } from '../projector/readStore.js'
import { createCommandRunner, type CommandRunner } from '../store/commandRunner.js'
import type { Dynamo } from '../store/dynamo.js'
import { createEventStore } from '../store/eventStore.js'
import { createKeyring, kmsKeyWrapper, localKeyWrapper, type Keyring, type KeyWrapper } from '../store/keyring.js'
import type { Readiness } from './health.js'
import { createChecker, type Checker } from '../authz/check.js'
import { createSigningKeys, type SigningKeys } from '../auth/signingKeys.js'

export interface AppDeps {
  config: Config
  dynamo: Dynamo
  clock: Clock
  ids: IdGenerator
  store: EventStore
  runner: CommandRunner
  /** Applies events to projections and waits for consistency tokens (`waitFor`); rebuild and repair use it too. */
  projector: Projector
  /** Reads projections (lists, quotas, audit) at their current version. */
  readStore: ReadStore
  /** Encrypts the secrets a protocol needs back (SCP secrets, TOTP seeds, signing keys) per organization. */
  keyring: Keyring
  /** The authorization core's check, shared by every surface (DESIGN §6). */
  checker: Checker
  /** Per-purpose JWT signing keys (`nscale-oidc`, `scaleway-session` …): sign, verify, JWKS. */
  signingKeys: SigningKeys
  logger: Logger
  /** What /healthz reports; the local server adds its tables and projector loop. */
  readiness: Readiness
}

export interface DepsOptions {
  clock?: Clock
  ids?: IdGenerator
  logger?: Logger
  readiness?: Readiness
  /** Counts commands and checks (Powertools on Lambda, silent locally). */
  metrics?: MetricsSink
}

export function createDeps(config: Config, dynamo: Dynamo, options: DepsOptions = {}): AppDeps {
  const clock = options.clock ?? systemClock
  const ids = options.ids ?? ulidIds
  const store = createEventStore(dynamo, { clock, ids })
  const projector = createProjector({ dynamo, projections })
  const keyring = createKeyring(dynamo, keyWrapperFor(config))
  return {
    config,
    dynamo,
    clock,
    ids,
    store,
    runner: createCommandRunner({ store, dynamo, clock, ids, ...(options.metrics && { metrics: options.metrics }) }),
    projector,
    readStore: createReadStore(dynamo, projector.pointer),
    keyring,
    checker: createChecker({ dynamo, projector, waitMs: config.consistencyWaitMs, ...(options.metrics && { metrics: options.metrics }) }),
    signingKeys: createSigningKeys({ dynamo, store, keyring, clock, ids }),
    logger: options.logger ?? createLogger(),
    readiness: options.readiness ?? (() => ({})),
  }
}

/** KMS on AWS (IAM_KMS_KEY_ID), else the local master key file shared by the server and the CLI. */
export function keyWrapperFor(config: Config): KeyWrapper {
  return config.kmsKeyId ? kmsKeyWrapper(config.kmsKeyId) : localKeyWrapper(config.keyFile)
}

/** Powertools JSON logs; `POWERTOOLS_LOG_LEVEL` sets the level. */
export function createLogger(serviceName = 'iam'): Logger {
  return new Logger({ serviceName })
}
