// Every authorization decision of the nscale surface, through the engine (DESIGN §6):
//   - grants from groups: the principal acting for the caller in the organization a request is about
//     (a service account: itself; a person: their membership there) is checked by `deps.checker`, one read;
//   - grants from configuration: platform administrators hold the platform-administrator roles' global scopes, and
//     platform services (client-credentials tokens) their configured roles' global scopes, evaluated by the same
//     engine on statements compiled from roles.json (they are no principal of any tenant).
// Deny by default: a caller with no principal in the organization holds only what configuration gives it.
import { compileStatements, evaluate } from '../../../domain/authz/evaluate.js'
import type { Statement } from '../../../domain/authz/statement.js'
import { renderAcl, type Acl } from '../../../domain/nscale/rbac/acl.js'
import { configuredRoleStatements, platformAdministratorStatements } from '../../../domain/nscale/rbac/compile.js'
import type { RbacConfig, Role } from '../../../domain/nscale/rbac/config.js'
import { nscaleAction, nscaleCheckResource, type AclOperation, type CheckLevel } from '../../../domain/nscale/routes.js'
import type { Checker } from '../../authz/check.js'
import type { ActingPrincipal, Memberships, NscaleCaller } from './deps.js'

export interface AccessCheck {
  endpoint: string
  operation: AclOperation
  level: CheckLevel
  organizationId?: string
  projectId?: string
}

export type Decision = 'allow' | 'deny' | 'stale'

const CHECKS_PER_CALL = 90

export interface Access {
  /** The principal that acts for the caller in `organizationId` (undefined: none, the caller holds no grants there). */
  principalIn(caller: NscaleCaller, organizationId: string): Promise<ActingPrincipal | undefined>
  /** One decision per check, from at most one grants read per organization. */
  decide(caller: NscaleCaller, checks: readonly AccessCheck[], consistency: readonly string[]): Promise<Decision[]>
  /** The caller's ACL: global grants, and the organization's and its projects' when `organizationId` is given. */
  acl(caller: NscaleCaller, organizationId: string | undefined, consistency: readonly string[]): Promise<Acl | 'stale'>
}

interface ConfiguredGrants {
  statements: Statement[]
  compiled: ReturnType<typeof compileStatements>
}

function configuredGrants(statements: Statement[]): ConfiguredGrants {
  return { statements, compiled: compileStatements(statements) }
}

export function createAccess(deps: {
  checker: Checker
  memberships: Memberships
  rbac: RbacConfig
  /** Roles of platform services by client id (IAM_NSCALE_SYSTEM_ACCOUNT_ROLES). */
  systemAccountRoles?: ReadonlyMap<string, readonly Role[]>
}): Access {
  const platform = configuredGrants(platformAdministratorStatements(deps.rbac))
  const systemAccounts = new Map([...(deps.systemAccountRoles ?? [])].map(([clientId, roles]) => [clientId, configuredGrants(configuredRoleStatements(roles, `system-account/${clientId}`))]))

  /** What configuration gives the caller: the platform administrators' grants, or a platform service's roles. */
  function configuredFor(caller: NscaleCaller): ConfiguredGrants | undefined {
    if (caller.platformAdmin) return platform
    return caller.identity.kind === 'system_account' ? systemAccounts.get(caller.identity.clientId) : undefined
  }

  async function principalIn(caller: NscaleCaller, organizationId: string): Promise<ActingPrincipal | undefined> {
    const { identity } = caller
    if (identity.kind === 'service_account') return { organizationId: identity.organizationId, kind: 'service_account', id: identity.principalId }
    const membership = await deps.memberships.principalIn(identity.subject, organizationId)
    return membership ? { organizationId, kind: 'user', id: membership } : undefined
  }

  /** The principal whose grants decide a check outside any organization (global level). */
  async function globalPrincipal(caller: NscaleCaller): Promise<ActingPrincipal | undefined> {
    const { identity } = caller
    return identity.kind === 'service_account' ? principalIn(caller, identity.organizationId) : undefined
  }

  function configurationAllows(caller: NscaleCaller, action: string, resource: string): boolean {
    const granted = configuredFor(caller)
    return granted !== undefined && evaluate([granted.compiled], { action, resource }).decision === 'allow'
  }

  return {
    principalIn,
    async decide(caller, checks, consistency) {
      const decisions: Decision[] = checks.map((check) =>
        configurationAllows(caller, nscaleAction(check.endpoint, check.operation), nscaleCheckResource(check.level, check)) ? 'allow' : 'deny')
      // Group checks by the principal that acts: one read per organization.
      const pending = new Map<string, number[]>()
      checks.forEach((check, index) => {
        if (decisions[index] === 'allow') return
        const key = check.organizationId ?? ''
        pending.set(key, [...(pending.get(key) ?? []), index])
      })
      for (const [organizationId, indexes] of pending) {
        const principal = organizationId === '' ? await globalPrincipal(caller) : await principalIn(caller, organizationId)
        if (!principal) continue
        // The check reads the grants once per call and allows at most 99 distinct resources per call.
        for (let start = 0; start < indexes.length; start += CHECKS_PER_CALL) {
          const batch = indexes.slice(start, start + CHECKS_PER_CALL)
          const results = await deps.checker.checkMany({
            principal,
            checks: batch.map((index) => {
              const check = checks[index]!
              return { action: nscaleAction(check.endpoint, check.operation), resource: nscaleCheckResource(check.level, check) }
            }),
            consistency,
          })
          results.forEach((result, at) => {
            decisions[batch[at]!] = result.reason === 'stale' ? 'stale' : result.decision
          })
        }
      }
      return decisions
    },
    async acl(caller, organizationId, consistency) {
      const statements: Statement[] = [...(configuredFor(caller)?.statements ?? [])]
      const principal = organizationId === undefined ? await globalPrincipal(caller) : await principalIn(caller, organizationId)
      if (principal) {
        const holdings = await deps.checker.holdings(principal, consistency)
        if (holdings === 'stale') return 'stale'
        if (holdings.status === 'active') statements.push(...holdings.statements)
      }
      return renderAcl(statements, organizationId)
    },
  }
}
