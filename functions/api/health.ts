// GET /healthz: 200 {"status":"ok"} only when every readiness check passes (tables created, projector running);
// 503 otherwise, naming the checks that fail, so that a load balancer or a test waits for a usable server.
import { Hono } from 'hono'

/** Named readiness checks, read on every probe; the process shell owns what they observe. */
export type Readiness = () => Record<string, boolean>

export function isReady(readiness: Readiness): boolean {
  return Object.values(readiness()).every(Boolean)
}

export function healthRoutes(readiness: Readiness): Hono {
  return new Hono().get('/healthz', (c) => {
    const checks = readiness()
    const failing = Object.keys(checks).filter((name) => !checks[name])
    c.header('Cache-Control', 'no-store')
    if (failing.length === 0) return c.json({ status: 'ok' }, 200)
    return c.json({ status: 'unavailable', failing }, 503)
  })
}
