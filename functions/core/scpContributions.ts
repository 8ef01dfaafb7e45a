// The SCP part of an organization's creation: the owner's first SCP access key (PERMANENT), its secret sealed by
// the keyring. Shown once as `scp_access_key_id` (the value sent as Scp-Accesskey) and `scp_secret_key`.
import { isDomainError } from '../../domain/core/errors.js'
import { planIssueScpAccessKey } from '../../domain/scp/accessKey/plan.js'
import type { Keyring } from '../store/keyring.js'
import { newScpAccessKeyMaterial } from './scpAccessKeys.js'
import type { OrganizationContribution } from './organizations.js'

export const scpOwnerAccessKey: OrganizationContribution = async (draft, ids, ports) => {
  if (!ports.keyring || !draft.issueOwnerCredentials) return { appends: [] }
  const material = await newScpAccessKeyMaterial(ports.keyring as Pick<Keyring, 'encrypt'>, draft.organizationId)
  const plan = planIssueScpAccessKey(
    {
      organizationId: draft.organizationId,
      credentialId: ids.newId(),
      principalId: draft.owner.principalId,
      principalKind: 'user',
      accessKey: material.accessKey,
      type: 'PERMANENT',
      description: 'owner',
      now: draft.now,
    },
    material.sealedSecret,
  )
  if (isDomainError(plan)) return plan
  return { ...plan, outputs: { scp_access_key_id: material.accessKey, scp_secret_key: material.secretKey } }
}
