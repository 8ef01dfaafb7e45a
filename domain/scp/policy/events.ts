// Events of an SCP identity policy (aggregate `scp-policy`). The policy's stream is the one source of its grants:
// its versions (the default one is in force) and its bindings to users, groups and roles. Each binding is also
// recorded on the identity's `scp-links` stream in the same request (domain/scp/links).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { tagSchema } from '../group/events.js'
import { identityTypeSchema } from '../links/events.js'

const at = z.iso.datetime()
const by = z.string()

export const POLICY_CATEGORIES = ['IDENTITY_BASED', 'RESOURCE_BASED', 'SESSION'] as const
export const POLICY_TYPES = ['SYSTEM_MANAGED', 'USER_DEFINED', 'INLINE'] as const
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number]
export type PolicyType = (typeof POLICY_TYPES)[number]

/** A validated, normalized policy document (domain/scp/policyDocument); carried whole, bounded by its limits. */
export const documentSchema = z.object({ Version: z.string(), Statement: z.array(z.record(z.string(), z.unknown())) })

export const PolicyCreated = defineEvent(
  'ScpPolicyCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    category: z.enum(POLICY_CATEGORIES),
    type: z.enum(POLICY_TYPES),
    serviceType: z.string(),
    tags: z.array(tagSchema),
    at,
    by,
  }),
)
/** Carries only the fields that changed. */
export const PolicyUpdated = defineEvent('ScpPolicyUpdated', z.object({ name: z.string().optional(), description: z.string().nullable().optional(), at, by }))
/** Versions are immutable: a change of document is a new version. */
export const PolicyVersionAdded = defineEvent('ScpPolicyVersionAdded', z.object({ versionId: idSchema, name: z.string(), document: documentSchema, at, by }))
export const PolicyDefaultVersionSet = defineEvent('ScpPolicyDefaultVersionSet', z.object({ versionId: idSchema, at, by }))
/** The oldest non-default version, dropped when a policy would hold more than MAX_POLICY_VERSIONS. */
export const PolicyVersionRemoved = defineEvent('ScpPolicyVersionRemoved', z.object({ versionId: idSchema, at, by }))
/** Identities that were not bound, in the order given. */
export const PolicyBound = defineEvent('ScpPolicyBound', z.object({ identityType: identityTypeSchema, identityIds: z.array(idSchema), at, by }))
/** Identities that were bound. */
export const PolicyUnbound = defineEvent('ScpPolicyUnbound', z.object({ identityType: identityTypeSchema, identityIds: z.array(idSchema), at, by }))
/** Only a policy bound to no live identity is deleted; any binding left (to a deleted identity) ends with it. */
export const PolicyDeleted = defineEvent('ScpPolicyDeleted', z.object({ at, by }))

export type PolicyEvent =
  | ReturnType<typeof PolicyCreated>
  | ReturnType<typeof PolicyUpdated>
  | ReturnType<typeof PolicyVersionAdded>
  | ReturnType<typeof PolicyDefaultVersionSet>
  | ReturnType<typeof PolicyVersionRemoved>
  | ReturnType<typeof PolicyBound>
  | ReturnType<typeof PolicyUnbound>
  | ReturnType<typeof PolicyDeleted>
