// Organizations and security settings (spec §1.12, §1.13, §2.1 `Organization`, `OrganizationSecuritySettings`).
import { z } from '@hono/zod-openapi'
import { bodyObject, count, duration, durationOut, idOut, pathId } from './common.js'

export const Organization = z
  .object({
    id: idOut,
    name: z.string(),
    alias: z.string(),
    login_password_enabled: z.boolean(),
    login_magic_code_enabled: z.boolean(),
    login_oauth2_enabled: z.boolean(),
    login_saml_enabled: z.boolean(),
  })
  .openapi('scaleway.iam.v1alpha1.Organization')

export const OrganizationSecuritySettings = z
  .object({
    enforce_password_renewal: z.boolean(),
    grace_period_duration: durationOut.nullable(),
    login_attempts_before_locked: count,
    max_login_session_duration: durationOut.nullable(),
    max_api_key_expiration_duration: durationOut.nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.OrganizationSecuritySettings')

export const OrganizationParams = z.object({ organization_id: pathId('organization') })

/** Aliases (A.9): 2–32 of `[a-z0-9]`. `alias` is not schema-required in 000 but its curl sample always sends it. */
export const SetOrganizationAliasBody = bodyObject({
  alias: z.string().min(2).max(32).regex(/^[a-z0-9]+$/, { message: 'may hold lowercase letters and digits only' }),
})

export const UpdateOrganizationLoginMethodsBody = bodyObject({
  login_password_enabled: z.boolean().optional(),
  login_oauth2_enabled: z.boolean().optional(),
  login_magic_code_enabled: z.boolean().optional(),
  login_saml_enabled: z.boolean().optional(),
})

export const UpdateOrganizationSecuritySettingsBody = bodyObject({
  enforce_password_renewal: z.boolean().optional(),
  grace_period_duration: duration.optional(),
  login_attempts_before_locked: z.number().int().min(1).max(50).optional(),
  max_login_session_duration: duration.optional(),
  max_api_key_expiration_duration: duration.optional(),
})
