// Values the middleware chain leaves on the Hono context for the next step.
import type { Principal } from './deps.js'
import type { RequestInfo } from './request.js'

export interface ScalewayEnv {
  Variables: {
    request: RequestInfo
    principal: Principal
  }
}
