// What the sweep needs, built from a DynamoDB connection alone (the Lambda has no configuration beyond its tables).
import { createVersionPointer } from '../projector/pointer.js'
import { createReadStore } from '../projector/readStore.js'
import type { Dynamo } from '../store/dynamo.js'
import { createStoreRuntime } from '../store/runtime.js'
import type { SweepDeps } from './sweep.js'

export function createSweepDeps(dynamo: Dynamo, logger?: SweepDeps['logger']): SweepDeps {
  const { runner, clock, ids } = createStoreRuntime(dynamo)
  return { dynamo, runner, clock, ids, readStore: createReadStore(dynamo, createVersionPointer(dynamo)), logger }
}
