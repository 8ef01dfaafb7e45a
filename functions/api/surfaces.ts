// The API surfaces the app serves. Add a surface here and the local server serves it; on AWS each surface group
// is a Lambda of its own behind the one HTTP API (functions/api/lambda/, infra/entries.ts).
import { authzSurface } from '../authz/surface.js'
import { oidcSurface } from '../oidc/surface.js'
import { nscaleSurface } from './nscale/surface.js'
import { scalewaySurface } from './scaleway/surface.js'
import { scpSurface } from './scp/surface.js'

import type { Surface } from './surface.js'

export type { Surface }

export const surfaces: readonly Surface[] = [scalewaySurface, authzSurface, scpSurface, nscaleSurface, oidcSurface]
