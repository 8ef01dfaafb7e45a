// Values the middleware chain leaves on the Hono context for the next step.
import type { RequestInfo } from '../request.js'
import type { NscaleCaller } from './deps.js'

export interface NscaleEnv {
  Variables: {
    request: RequestInfo
    caller: NscaleCaller
  }
}
