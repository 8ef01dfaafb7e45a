// The projector's public face: runtime, local poller, Lambda stream handler, rebuild/repair, read store.
export { createProjector, consistencyWaitMs, type Projector, type ProjectorOptions } from './projector.js'
export { createLocalPoller, startLocalPoller, type LocalPoller, type LocalPollerOptions } from './poller.js'
export { createStreamHandler, type StreamHandler } from './streamHandler.js'
export { rebuild, repair, type ProjectionProgress, type RebuildResult, type RepairResult, type MaintenanceOptions } from './rebuild.js'
export { createReadStore } from './readStore.js'
export { createVersionPointer, type VersionPointer } from './pointer.js'
