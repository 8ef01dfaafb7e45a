// The nscale Identity surface (`/api/v1`) and its OpenID Connect provider (`/oauth2`, `/oidc`, discovery) on Lambda:
// one function, since the REST API verifies the provider's access tokens.
import { oidcSurface } from '../../oidc/surface.js'
import { nscaleSurface } from '../nscale/surface.js'
import { surfaceHandler } from '../lambdaHandler.js'

export const handler = surfaceHandler([nscaleSurface, oidcSurface])
