// Events of a Scaleway policy (aggregate `scw-policy`): its principal and its ordered rules.
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { idSchema } from '../../core/principal/events.js'
import type { ScopeType } from '../catalogue/permissionSet.js'

const at = z.iso.datetime()

const scopeTypeSchema = z.enum(['projects', 'organization', 'account_root_user'] satisfies ScopeType[])

/** Exactly one principal: a user, a group, an application, or none (`no_principal`). */
export const principalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['user', 'group', 'application']), id: idSchema }),
  z.object({ kind: z.literal('none') }),
])
export type PolicyPrincipal = z.infer<typeof principalSchema>
export type AttachedPrincipal = Extract<PolicyPrincipal, { id: string }>

/** A rule as recorded: its scope is exactly one of the three scope fields. */
export const ruleSchema = z.object({
  id: idSchema,
  permissionSetNames: z.array(z.string()),
  scopeType: scopeTypeSchema,
  condition: z.string(),
  projectIds: z.array(idSchema).optional(),
  organizationId: idSchema.optional(),
  accountRootUserId: idSchema.optional(),
})
export type Rule = z.infer<typeof ruleSchema>

export const PolicyCreated = defineEvent(
  'ScwPolicyCreated',
  z.object({
    id: idSchema,
    organizationId: idSchema,
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    principal: principalSchema,
    rules: z.array(ruleSchema),
    managed: z.boolean(),
    /** The policy this one is a clone of. */
    clonedFrom: idSchema.optional(),
    at,
  }),
)
/** Carries only the fields that changed. */
export const PolicyUpdated = defineEvent(
  'ScwPolicyUpdated',
  z.object({ name: z.string().optional(), description: z.string().optional(), tags: z.array(z.string()).optional(), at }),
)
export const PolicyPrincipalChanged = defineEvent('ScwPolicyPrincipalChanged', z.object({ principal: principalSchema, at }))
/** Its principal was deleted: the policy stays, attached to no principal (spec §5.5 #34). */
export const PolicyPrincipalDetached = defineEvent('ScwPolicyPrincipalDetached', z.object({ principal: principalSchema, at }))
/** SetRules: the whole list, in the order given. */
export const PolicyRulesSet = defineEvent('ScwPolicyRulesSet', z.object({ rules: z.array(ruleSchema), at }))
export const PolicyDeleted = defineEvent('ScwPolicyDeleted', z.object({ at }))

export type PolicyEvent =
  | ReturnType<typeof PolicyCreated>
  | ReturnType<typeof PolicyUpdated>
  | ReturnType<typeof PolicyPrincipalChanged>
  | ReturnType<typeof PolicyPrincipalDetached>
  | ReturnType<typeof PolicyRulesSet>
  | ReturnType<typeof PolicyDeleted>
