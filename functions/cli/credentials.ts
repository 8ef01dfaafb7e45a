// `iam credentials create --organization ID --surface S`: a new credential for the organization's owner, printed
// once. Each surface adds its issuer here (one entry); the result's keys are the surface's own names.
import { isDomainError } from '../../domain/core/errors.js'
import type { AppDeps } from '../api/deps.js'
import { CommandError } from './errors.js'

export type CredentialIssuer = (deps: AppDeps, organization: string) => Promise<Record<string, unknown>>

export const CREDENTIAL_ISSUERS: Readonly<Record<string, CredentialIssuer>> = {
  scp: async (deps, organization) => {
    const { issueScpOwnerKey } = await import('../core/scpOwnerKey.js')
    const issued = await issueScpOwnerKey(deps, organization)
    if (isDomainError(issued)) throw new CommandError(`could not create the SCP access key: ${issued.kind}`, { error: issued })
    return { organization_id: issued.organizationId, scp_access_key_id: issued.accessKey, scp_secret_key: issued.secretKey }
  },
  nscale: async (deps, organization) => {
    const [{ issueNscaleAdministratorToken }, { toUuid }] = await Promise.all([import('../core/nscaleContributions.js'), import('../../domain/core/ids.js')])
    const issued = await issueNscaleAdministratorToken(deps, organization)
    if (isDomainError(issued)) throw new CommandError(`could not create the nscale token: ${issued.kind}`, { error: issued })
    return { organization_id: toUuid(issued.organizationId), service_account_id: toUuid(issued.serviceAccountId), nscale_token: issued.token }
  },
}
