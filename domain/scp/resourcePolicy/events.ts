// Events of a resource-based policy (aggregate `scp-resource-policy`, one per target resource; the id derives
// from the canonical resource, resourcePolicyAggregateId). Every change, whole (RBP-2) or by statement (RBS-*),
// adds an immutable version that becomes the one in force (decision §6.42), so each event carries the whole
// document the grants compile (projections/effectiveGrants/scpResources.ts) and the resource it guards.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { documentSchema } from '../policy/events.js'

const at = z.iso.datetime()
const by = z.string()
/** The SRN as the client wrote it (rendered back), and its canonical resource (the key of the grants). */
const target = { srn: z.string(), resource: z.string() }

export const ResourcePolicyVersionAdded = defineEvent(
  'ScpResourcePolicyVersionAdded',
  z.object({ ...target, versionId: idSchema, name: z.string(), document: documentSchema, at, by }),
)
/** The oldest version, dropped past MAX_RESOURCE_POLICY_VERSIONS (there is no endpoint for versions). */
export const ResourcePolicyVersionRemoved = defineEvent('ScpResourcePolicyVersionRemoved', z.object({ versionId: idSchema, at, by }))
export const ResourcePolicyDeleted = defineEvent('ScpResourcePolicyDeleted', z.object({ ...target, at, by }))

export type ResourcePolicyEvent =
  | ReturnType<typeof ResourcePolicyVersionAdded>
  | ReturnType<typeof ResourcePolicyVersionRemoved>
  | ReturnType<typeof ResourcePolicyDeleted>
