// Policies and rules (spec §1.5, §1.6, §2.1 `Policy`, `Rule`, `RuleSpecs`).
import { z } from '@hono/zod-openapi'
import {
  atMostOne, bodyObject, count, description, emptyBody, id, idOut, orderBy, page, pageSize, pathId, queryArray, queryBoolean,
  resourceName, tags, timestampOut,
} from './common.js'

export const SCOPE_TYPES = ['unknown_scope_type', 'projects', 'organization', 'account_root_user'] as const

export const Policy = z
  .object({
    id: idOut,
    name: z.string(),
    description: z.string(),
    organization_id: idOut,
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    editable: z.boolean(),
    deletable: z.boolean(),
    managed: z.boolean(),
    nb_rules: count,
    nb_scopes: count,
    nb_permission_sets: count,
    tags: z.array(z.string()),
    user_id: idOut.nullable(),
    group_id: idOut.nullable(),
    application_id: idOut.nullable(),
    no_principal: z.boolean().nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.Policy')

export const ListPoliciesResponse = z
  .object({ policies: z.array(Policy), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListPoliciesResponse')

export const Rule = z
  .object({
    id: idOut,
    permission_set_names: z.array(z.string()).nullable(),
    permission_sets_scope_type: z.enum(SCOPE_TYPES),
    condition: z.string(),
    project_ids: z.array(idOut).nullable(),
    organization_id: idOut.nullable(),
    account_root_user_id: idOut.nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.Rule')

export const ListRulesResponse = z
  .object({ rules: z.array(Rule), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListRulesResponse')

export const SetRulesResponse = z.object({ rules: z.array(Rule) }).openapi('scaleway.iam.v1alpha1.SetRulesResponse')

/** RuleSpecs: scope one-of `project_ids` | `organization_id`; `account_root_user_id` is derived, never input. */
export const RuleSpecs = bodyObject({
  permission_set_names: z.array(z.string().min(1).max(128)).max(100).default([]),
  condition: z.string().max(2048).default(''),
  project_ids: z.array(id).max(1000).optional(),
  organization_id: id.optional(),
})
  .superRefine(atMostOne('scope', ['project_ids', 'organization_id']))
  .openapi('scaleway.iam.v1alpha1.RuleSpecs')

/** Rules in one request: bounded so that a policy always fits one event (the quota caps rules per policy). */
const ruleList = z.array(RuleSpecs).max(1000)

export const POLICY_ORDER = ['policy_name_asc', 'policy_name_desc', 'created_at_asc', 'created_at_desc'] as const

export const ListPoliciesQuery = z.object({
  order_by: orderBy(POLICY_ORDER, 'policy_name_asc'),
  page_size: pageSize,
  page,
  organization_id: id.optional(),
  editable: queryBoolean.optional(),
  user_ids: queryArray(id).optional(),
  group_ids: queryArray(id).optional(),
  application_ids: queryArray(id).optional(),
  no_principal: queryBoolean.optional(),
  policy_name: z.string().min(1).max(64).optional(),
  tag: z.string().max(128).optional(),
  policy_ids: queryArray(id).optional(),
})

export const PolicyParams = z.object({ policy_id: pathId('policy') })

const PRINCIPAL = ['user_id', 'group_id', 'application_id', 'no_principal'] as const

export const CreatePolicyBody = bodyObject({
  name: resourceName,
  description: description.default(''),
  organization_id: id.optional(),
  rules: ruleList.default([]),
  tags: tags.default([]),
  user_id: id.optional(),
  group_id: id.optional(),
  application_id: id.optional(),
  no_principal: z.boolean().optional(),
}).superRefine(atMostOne('principal', PRINCIPAL))

export const UpdatePolicyBody = bodyObject({
  name: resourceName.optional(),
  description: description.optional(),
  tags: tags.optional(),
  user_id: id.optional(),
  group_id: id.optional(),
  application_id: id.optional(),
  no_principal: z.boolean().optional(),
}).superRefine(atMostOne('principal', PRINCIPAL))

export const ClonePolicyBody = emptyBody

/** ListRules: `policy_id` is optional in 000 but the prose and 001 require it, and nothing lists rules without it. */
export const ListRulesQuery = z.object({
  policy_id: id,
  page_size: pageSize,
  page,
})

export const SetRulesBody = bodyObject({ policy_id: id, rules: ruleList })
