// The Samsung SDS Cloud (SCP) IAM surface (`/v1`) on Lambda.
import { scpSurface } from '../scp/surface.js'
import { surfaceHandler } from '../lambdaHandler.js'

export const handler = surfaceHandler([scpSurface])
