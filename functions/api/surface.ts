// What a surface is to the app: its path prefixes and its routes, built from the shared deps.
import type { Hono } from 'hono'
import type { AppDeps } from './deps.js'

export interface Surface {
  name: string
  /**
   * Path prefixes the surface answers under. There it renders every error in its own shape, a 413 for a body
   * over IAM_MAX_BODY_BYTES included (before parsing); the app's own limit guards every other path.
   */
  prefixes: readonly string[]
  /** Its routes at their native (full) paths, built from the shared deps. */
  routes(deps: AppDeps): Hono<any, any, any>
}
