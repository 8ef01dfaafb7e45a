// SRNs the SCP surface renders (spec §4.6, §6.3 #44): IAM resources are region-less and carry the account,
// `srn:{env}::{account}:::iam:{type}/{id}`.
import { renderSrn } from '../../../domain/authz/srn.js'
import { SCP_IAM_SERVICE } from '../../../domain/scp/routes.js'

export function iamSrn(env: string, account: string, resourceType: string, id: string): string {
  return renderSrn({ env, account, region: '', service: SCP_IAM_SERVICE, resourceType, resourceId: id })
}

/** The caller's SRN (`scp:PrincipalSrn`): a user, a role … of its account. */
export function principalSrn(env: string, principal: { organizationId: string; kind: string; id: string }): string {
  return iamSrn(env, principal.organizationId, principal.kind === 'service_account' ? 'service-account' : principal.kind, principal.id)
}
