// Every part of an organization's creation, in order. A surface that needs its own events or items when an
// organization is created (the owner's Scaleway user profile, the SCP account, the nscale organization) adds its
// contribution here; creation stays one transaction (≤ 100 items in all).
import { coreOrganizationContributions } from './coreContributions.js'
import type { OrganizationContribution } from './organizations.js'

export const organizationContributions: readonly OrganizationContribution[] = [...coreOrganizationContributions]
