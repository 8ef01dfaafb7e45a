// The expiry sweep: the function, its Lambda's runtime, and the local server's loop.
export { sweepExpiredCredentials, SWEEP_USER_AGENT, type SweepDeps, type SweepOptions, type SweepResult } from './sweep.js'
export { createSweepDeps } from './runtime.js'
export { startSweepLoop, type SweepLoop } from './interval.js'
