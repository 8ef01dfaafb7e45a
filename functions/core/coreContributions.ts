// The core parts of an organization's creation: the organization, its owner principal, the owner's API key.
import { issueCredential } from '../../domain/core/credential/decide.js'
import { credentialStreamId } from '../../domain/core/credential/evolve.js'
import { credentialItemExtras } from '../../domain/core/credential/items.js'
import { isDomainError } from '../../domain/core/errors.js'
import { createOrganization } from '../../domain/core/organization/decide.js'
import { organizationStreamId } from '../../domain/core/organization/evolve.js'
import { registerPrincipal } from '../../domain/core/principal/decide.js'
import { principalStreamId } from '../../domain/core/principal/evolve.js'
import { principalStatusExtras } from '../../domain/core/principal/items.js'
import { sha256Hex } from '../store/secrets.js'
import type { OrganizationContribution } from './organizations.js'

/** The organization aggregate's own creation. */
export const organizationItself: OrganizationContribution = (draft) => {
  const events = createOrganization({ status: 'absent' }, {
    organizationId: draft.organizationId,
    name: draft.name,
    ownerPrincipalId: draft.owner.principalId,
    now: draft.now,
  })
  if (isDomainError(events)) return events
  return { appends: [{ streamId: organizationStreamId(draft.organizationId), events }] }
}

/** The owner's principal record and status item. */
export const ownerPrincipal: OrganizationContribution = (draft) => {
  const events = registerPrincipal({ status: 'absent' }, { principalId: draft.owner.principalId, organizationId: draft.organizationId, kind: 'user' })
  if (isDomainError(events)) return events
  return {
    appends: [{ streamId: principalStreamId(draft.organizationId, draft.owner.principalId), events }],
    extras: principalStatusExtras(draft.organizationId, draft.owner.principalId, events),
  }
}

/** The owner's first Scaleway API key, its default project being the organization's default project (= its id). */
export const ownerApiKey: OrganizationContribution = (draft) => {
  if (!draft.issueOwnerCredentials) return { appends: [] }
  const events = issueCredential({ status: 'absent' }, {
    credentialId: draft.apiKey.credentialId,
    organizationId: draft.organizationId,
    principalId: draft.owner.principalId,
    principalKind: 'user',
    kind: 'scaleway_api_key',
    accessKey: draft.apiKey.accessKey,
    description: draft.apiKey.description,
    attributes: { defaultProjectId: draft.organizationId },
    now: draft.now,
  })
  if (isDomainError(events)) return events
  return {
    appends: [{ streamId: credentialStreamId(draft.organizationId, draft.apiKey.credentialId), events }],
    extras: credentialItemExtras({ status: 'absent' }, events, { hash: sha256Hex(draft.apiKey.secretKey) }),
  }
}

export const coreOrganizationContributions: readonly OrganizationContribution[] = [organizationItself, ownerPrincipal, ownerApiKey]
