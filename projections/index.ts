// The registry of every projection the projector runs. Add a projection here and it is projected, rebuilt and
// repaired like the others.
import { auditLog } from './auditLog.js'
import type { Projection } from './contract.js'

export const projections: readonly Projection[] = [auditLog]
