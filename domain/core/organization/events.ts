// Events of the organization, the tenant of every surface (a Scaleway organization, an SCP account and an nscale
// organization are the same thing). Settings events carry the resulting values, not a patch.
import { z } from 'zod'
import { defineEvent, type DomainEvent } from '../events.js'
import { idSchema } from '../principal/events.js'

export const ORGANIZATION_NAME_MAX = 255
export const ALIAS_PATTERN = /^[a-z0-9]{2,32}$/

export const loginMethodsSchema = z.object({
  password: z.boolean(),
  magicCode: z.boolean(),
  oauth2: z.boolean(),
  saml: z.boolean(),
})
export type LoginMethods = z.infer<typeof loginMethodsSchema>

/** Scaleway's OrganizationSecuritySettings, durations in seconds (rendered `"<n>s"` by the surface). */
export const securitySettingsSchema = z.object({
  enforcePasswordRenewal: z.boolean(),
  gracePeriodSeconds: z.number().nonnegative(),
  loginAttemptsBeforeLocked: z.number().int().min(1).max(50),
  maxLoginSessionSeconds: z.number().nonnegative(),
  /** 0 = API keys may have any expiry (or none). */
  maxApiKeyExpirationSeconds: z.number().nonnegative(),
})
export type SecuritySettings = z.infer<typeof securitySettingsSchema>

export const organizationCreated = defineEvent(
  'OrganizationCreated',
  z.object({
    organizationId: idSchema,
    name: z.string().min(1).max(ORGANIZATION_NAME_MAX),
    ownerPrincipalId: idSchema,
    createdAt: z.iso.datetime(),
  }),
)
export const organizationAliasSet = defineEvent(
  'OrganizationAliasSet',
  z.object({ organizationId: idSchema, alias: z.string().regex(ALIAS_PATTERN) }),
)
export const organizationLoginMethodsUpdated = defineEvent(
  'OrganizationLoginMethodsUpdated',
  z.object({ organizationId: idSchema, loginMethods: loginMethodsSchema }),
)
export const organizationSecuritySettingsUpdated = defineEvent(
  'OrganizationSecuritySettingsUpdated',
  z.object({ organizationId: idSchema, securitySettings: securitySettingsSchema }),
)

/** The tenant is gone on every surface: its credentials and grants stop at once (the status item, items.ts). */
export const organizationDeleted = defineEvent(
  'OrganizationDeleted',
  z.object({ organizationId: idSchema, deletedAt: z.iso.datetime() }),
)

export type OrganizationEvent =
  | ReturnType<typeof organizationCreated>
  | ReturnType<typeof organizationAliasSet>
  | ReturnType<typeof organizationLoginMethodsUpdated>
  | ReturnType<typeof organizationSecuritySettingsUpdated>
  | ReturnType<typeof organizationDeleted>

export function isOrganizationEvent(event: DomainEvent): event is OrganizationEvent {
  return [
    organizationCreated.type,
    organizationAliasSet.type,
    organizationLoginMethodsUpdated.type,
    organizationSecuritySettingsUpdated.type,
    organizationDeleted.type,
  ].includes(event.type as never)
}
