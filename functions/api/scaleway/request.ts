// What the Scaleway surface records of a request (functions/api/request.ts reads the facts): event metadata and
// the context its authorization conditions read.
import { CONTEXT_KEYS } from '../../../domain/authz/context.js'
import type { RequestMeta } from '../../../domain/core/ports.js'
import type { Principal } from './deps.js'
import type { RequestInfo } from '../request.js'

export { requestInfo, type RequestInfo } from '../request.js'

/** The metadata every event of this request carries (DESIGN §4). */
export function requestMeta(info: RequestInfo, principal: Principal): RequestMeta {
  return {
    actor: { kind: principal.kind, id: principal.id },
    requestId: info.requestId,
    sourceIp: info.sourceIp,
    userAgent: info.userAgent,
    surface: 'scaleway',
  }
}

/** The facts authorization conditions read (CEL `request.ip`, `request.user_agent`, `request.time`). */
export function conditionContext(info: RequestInfo, now: Date): Record<string, string> {
  return { [CONTEXT_KEYS.ip]: info.sourceIp, [CONTEXT_KEYS.userAgent]: info.userAgent, [CONTEXT_KEYS.time]: now.toISOString() }
}
