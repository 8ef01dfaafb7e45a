// The one dependencies object every surface, the local server, the Lambda and the CLI share: ports as plain
// values, built once per process from the configuration and a DynamoDB connection.
import { Logger } from '@aws-lambda-powertools/logger'
import { systemClock, ulidIds, type Clock, type IdGenerator } from '../../domain/core/ids.js'
import type { EventStore } from '../../domain/core/ports.js'
import type { ReadStore } from '../../projections/readModel.js'
import { projections } from '../../projections/index.js'
import type { Config } from '../config.js'
import { createProjector, createReadStore, type Projector } from '../projector/index.js'
import { createCommandRunner, type CommandRunner } from '../store/commandRunner.js'
import type { Dynamo } from '../store/dynamo.js'
import { createEventStore } from '../store/eventStore.js'
import { createKeyring, kmsKeyWrapper, localKeyWrapper, type Keyring, type KeyWrapper } from '../store/keyring.js'
import type { Readiness } from './health.js'
import { createChecker, type Checker } from '../authz/check.js'

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
  logger: Logger
  /** What /healthz reports; the local server adds its tables and projector loop. */
  readiness: Readiness
}

export interface DepsOptions {
  clock?: Clock
  ids?: IdGenerator
  logger?: Logger
  readiness?: Readiness
}

export function createDeps(config: Config, dynamo: Dynamo, options: DepsOptions = {}): AppDeps {
  const clock = options.clock ?? systemClock
  const ids = options.ids ?? ulidIds
  const store = createEventStore(dynamo, { clock, ids })
  const projector = createProjector({ dynamo, projections })
  return {
    config,
    dynamo,
    clock,
    ids,
    store,
    runner: createCommandRunner({ store, dynamo, clock, ids }),
    projector,
    readStore: createReadStore(dynamo, projector.pointer),
    keyring: createKeyring(dynamo, keyWrapperFor(config)),
    checker: createChecker({ dynamo, projector, waitMs: config.consistencyWaitMs }),
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
