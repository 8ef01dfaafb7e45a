// Facts about the HTTP request that every surface records in events and authorization contexts: request id, client
// IP and user agent, whatever runtime serves the app (Node server, API Gateway on Lambda, `app.request()` in tests).
import type { Context } from 'hono'
import type { IdGenerator } from '../../domain/core/ids.js'

export interface RequestInfo {
  requestId: string
  sourceIp: string
  userAgent: string
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
const USER_AGENT_MAX = 1024

export function requestInfo(c: Context, options: { ids: IdGenerator; trustForwardedFor?: boolean }): RequestInfo {
  // The app's request-id middleware (functions/api/app.ts) has already chosen one: reuse it so logs correlate.
  const fromApp = (c.get as (key: string) => unknown)('requestId')
  const given = typeof fromApp === 'string' && fromApp ? fromApp : c.req.header('x-request-id')?.trim()
  return {
    requestId: given && REQUEST_ID.test(given) ? given : options.ids.newUlid(),
    sourceIp: sourceIp(c, options.trustForwardedFor ?? false),
    userAgent: (c.req.header('user-agent') ?? '').slice(0, USER_AGENT_MAX),
  }
}

interface RuntimeBindings {
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } }
  incoming?: { socket?: { remoteAddress?: string } }
  server?: { incoming?: { socket?: { remoteAddress?: string } } }
}

/**
 * The peer the runtime saw (API Gateway's sourceIp, the Node socket). X-Forwarded-For is read only when the
 * deployment says a trusted proxy sets it: a client can write anything there, and conditions test the IP.
 */
function sourceIp(c: Context, trustForwardedFor: boolean): string {
  if (trustForwardedFor) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return unmapped(forwarded)
  }
  const env = (c.env ?? {}) as RuntimeBindings
  const address =
    env.requestContext?.http?.sourceIp ??
    env.requestContext?.identity?.sourceIp ??
    env.incoming?.socket?.remoteAddress ??
    env.server?.incoming?.socket?.remoteAddress
  return address ? unmapped(address) : ''
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}
