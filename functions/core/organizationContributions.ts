// Every part of an organization's creation, in order. A surface that needs its own events or items when an
// organization is created (the owner's Scaleway user profile, the SCP account, the nscale organization) adds its
// contribution here; creation stays one transaction (≤ 100 items in all).
import { isDomainError } from '../../domain/core/errors.js'
import { combine, consumeQuota, linkProfile, planCreateUser, stateAfter, userDecider, userStream } from '../../domain/scaleway/index.js'
import { coreOrganizationContributions } from './coreContributions.js'
import type { OrganizationContribution } from './organizations.js'
import { scpOwnerAccessKey } from './scpContributions.js'
import { nscaleOrganization } from './nscaleContributions.js'

/**
 * The owner's Scaleway user profile (its principal is the core's), bearing the owner's first API key, which counts
 * in the organization's API-key quota like any other. An owner created without an e-mail (the CLI, the bootstrap)
 * gets `owner` as username and an address under the reserved `.invalid` domain, which no mail reaches.
 */
export const scalewayOwnerProfile: OrganizationContribution = (draft) => {
  const { organizationId, now } = draft
  const id = draft.owner.principalId
  const email = draft.owner.email ?? `owner@${organizationId}.invalid`
  const username = draft.owner.username ?? (draft.owner.email ? undefined : 'owner')
  const profile = planCreateUser(
    { organizationId, id, type: 'CreateOwner', email, ...(username !== undefined && { username }), at: now.toISOString() },
    { registerPrincipal: false },
  )
  if (isDomainError(profile)) return profile
  if (!draft.issueOwnerCredentials) return profile
  const state = stateAfter(userDecider, userDecider.initialState(), profile, userStream(organizationId, id))
  const bearer = linkProfile(organizationId, { kind: 'user', id, state }, { link: 'api_key', id: draft.apiKey.credentialId })
  if (isDomainError(bearer)) return bearer
  return combine(profile, bearer, { appends: [], extras: [consumeQuota(organizationId, 'api_keys')] })
}

export const organizationContributions: readonly OrganizationContribution[] = [...coreOrganizationContributions, scalewayOwnerProfile, scpOwnerAccessKey, nscaleOrganization]
