// Canonical strings of SCP principals and roles: what a resource-based or trust statement's `principals` match
// against (`request.principal` of a check), and the resource a trust policy guards.
//
//   user U of account A  →  org/A/region/-/iam/user/U      (SRN srn:{env}::A:::iam:user/U)
//   role R of account A  →  org/A/region/-/iam/role/R      (SRN srn:{env}::A:::iam:role/R)
import type { PrincipalKind } from '../../core/principal/events.js'
import { scpIamResource } from '../routes.js'

export function principalResource(accountId: string, kind: PrincipalKind, id: string): string {
  return scpIamResource(accountId, kind === 'service_account' ? 'service-account' : kind, id)
}

export const roleResource = (accountId: string, roleId: string): string => principalResource(accountId, 'role', roleId)
