// Values the middleware chain leaves on the Hono context for the next step.
import type { ScpVersion } from '../../../domain/scp/routes.js'
import type { RequestInfo } from '../request.js'
import type { ScpPrincipal } from './deps.js'

export interface ScpEnv {
  Variables: {
    request: RequestInfo
    version: ScpVersion
    principal: ScpPrincipal
  }
}
