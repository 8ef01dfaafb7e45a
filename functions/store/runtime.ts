// The store as the server, the CLI and the Lambdas use it: one event store and one command runner per process.
import { systemClock, ulidIds, type Clock, type IdGenerator } from '../../domain/core/ids.js'
import type { EventStore } from '../../domain/core/ports.js'
import { createCommandRunner, type CommandRunner } from './commandRunner.js'
import type { Dynamo } from './dynamo.js'
import { createEventStore } from './eventStore.js'

export interface StoreRuntime {
  dynamo: Dynamo
  store: EventStore
  runner: CommandRunner
  clock: Clock
  ids: IdGenerator
}

export function createStoreRuntime(dynamo: Dynamo, ports: { clock?: Clock; ids?: IdGenerator } = {}): StoreRuntime {
  const clock = ports.clock ?? systemClock
  const ids = ports.ids ?? ulidIds
  const store = createEventStore(dynamo, { clock, ids })
  return { dynamo, store, runner: createCommandRunner({ store, dynamo, clock, ids }), clock, ids }
}
