// The authorization API (`/authz/v1`) and the health probe on Lambda.
import { authzSurface } from '../../authz/surface.js'
import { surfaceHandler } from '../lambdaHandler.js'

export const handler = surfaceHandler([authzSurface])
