// The Scaleway IAM surface (`/iam/v1alpha1`) on Lambda.
import { scalewaySurface } from '../scaleway/surface.js'
import { surfaceHandler } from '../lambdaHandler.js'

export const handler = surfaceHandler([scalewaySurface])
