// Events of an SCP role (aggregate `scp-role`, id = the role's principal id). The trust policy is carried whole
// (validated and normalized, bounded by the policy language's limits); its compiled statements guard the role in
// the effective grants (projections/effectiveGrants/scpResources.ts).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import { tagSchema } from '../group/events.js'
import { documentSchema } from '../policy/events.js'

const at = z.iso.datetime()
const by = z.string()

export const ROLE_TYPES = ['USER_DEFINED', 'SERVICE', 'SERVICE_LINKED'] as const
export type RoleType = (typeof ROLE_TYPES)[number]

export const RoleCreated = defineEvent(
  'ScpRoleCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    type: z.enum(ROLE_TYPES),
    maxSessionDuration: z.number().int(),
    trustPolicy: documentSchema,
    tags: z.array(tagSchema),
    at,
    by,
  }),
)
/** Carries only the fields that changed. */
export const RoleUpdated = defineEvent(
  'ScpRoleUpdated',
  z.object({ description: z.string().nullable().optional(), maxSessionDuration: z.number().int().optional(), at, by }),
)
/** ROL-7 replaces the trust policy wholesale. */
export const RoleTrustPolicySet = defineEvent('ScpRoleTrustPolicySet', z.object({ trustPolicy: documentSchema, at, by }))
export const RoleDeleted = defineEvent('ScpRoleDeleted', z.object({ at, by }))

export type RoleEvent =
  | ReturnType<typeof RoleCreated>
  | ReturnType<typeof RoleUpdated>
  | ReturnType<typeof RoleTrustPolicySet>
  | ReturnType<typeof RoleDeleted>
