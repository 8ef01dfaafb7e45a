// SCP roles (ROL-1..7) and role policy bindings (RPB-1..4). A role is a principal of kind `role`
// (domain/scp/role/plan.ts): its policies are bound like a user's and its trust policy guards it as the
// resource of `sts:AssumeRole` in the check. Reads by id fold the role's streams; ListRoles reads the role list.
// Decisions: ROL-1 answers 202 with the role, created synchronously (§6.45); bulk delete ignores unknown ids and
// names (no 404 documented); detaching a policy that is not bound is 404 (§6.37).
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import type { Id } from '../../../../domain/core/ids.js'
import { linksDecider, linksStream } from '../../../../domain/scp/links/evolve.js'
import { policyStream } from '../../../../domain/scp/policy/evolve.js'
import { combine, withinOneRequest, type PlannedWrites } from '../../../../domain/scaleway/plan.js'
import { SESSION_MIN } from '../../../../domain/scp/role/decide.js'
import { liveRole, roleDecider, roleStream } from '../../../../domain/scp/role/evolve.js'
import { planChangeRole, planCreateRole, planDeleteRole, planRoleBindings, roleNameReservation } from '../../../../domain/scp/role/plan.js'
import { SCP_ROLE_LIST, SCP_ROLE_LIST_PARTITION, type RoleListItem } from '../../../../projections/scp/roleList.js'
import { defineHandlers, operation, type ScpRequest } from '../operation.js'
import { contains, paginate } from '../paging.js'
import { coveredFor } from '../../../projector/organizationReads.js'
import { canonicalFilter, canonicalIds } from './identityIds.js'
import { loadLinks, loadPolicies, renderPolicies } from './identityViews.js'
import { respond, respondEmpty, runWrite } from './identityWrites.js'
import { BoundPolicyListQuery, POLICY_SORT_KEYS, policyMatches } from './policySchemas.js'
import {
  RoleBulkDeleteRequest, RoleCreateRequest, RoleListQuery, RolePageResponse, RolePolicyBindingPageResponse, RolePolicyBindingRequest,
  RolePolicyBindingResponse, RoleSetRequest, RoleShowResponse, RoleTrustPolicyRequest, RoleTrustPolicyShowResponse,
} from './roleSchemas.js'
import { loadRoles, renderRoles, renderTrustPolicy } from './roleViews.js'

type Services = ScpRequest['services']

async function showRole(services: Services, organizationId: Id, roleId: string): Promise<{ role: unknown } | DomainError> {
  const role = (await loadRoles(services, organizationId, [roleId])).get(roleId)
  if (!role) return notFound('role', roleId)
  const [view] = await renderRoles(services, organizationId, [role])
  return { role: view }
}

async function boundPolicies(services: Services, organizationId: Id, roleId: string) {
  const links = await loadLinks(services, organizationId, roleId)
  const policies = await loadPolicies(services, organizationId, links.policyIds)
  return renderPolicies(services, organizationId, links.policyIds.flatMap((id) => policies.get(id) ?? []))
}

/** The bindings of a live role change (RPB-1/3/4); `mustBeBound` makes an unbound policy a 404. */
async function changeBindings(request: ScpRequest, roleId: string, policyIds: readonly string[], bind: boolean) {
  const { organizationId, now, principal } = request
  const streams = [roleStream(organizationId, roleId), linksStream(organizationId, roleId), ...policyIds.map((id) => policyStream(organizationId, id))]
  return runWrite(request, {
    serializeOn: streams,
    status: bind ? 200 : 204,
    resourceIdOf: () => roleId,
    plan: async (ctx) => {
      const role = liveRole((await ctx.load(roleDecider, roleStream(organizationId, roleId))).state)
      if (!role) return notFound('role', roleId)
      if (!bind) {
        const links = (await ctx.load(linksDecider, linksStream(organizationId, roleId))).state
        const unbound = policyIds.find((id) => !links.policyIds.includes(id))
        if (unbound !== undefined) return notFound('policy', unbound)
      }
      const writes = await planRoleBindings(ctx, organizationId, roleId, policyIds, bind, now.toISOString(), principal.id)
      return isDomainError(writes) ? writes : { writes, result: roleId }
    },
  })
}

export const roleHandlers = defineHandlers(
  operation('CreateRole', {
    body: RoleCreateRequest,
    response: RoleShowResponse,
    status: 202,
    handler: async (request) => {
      const { body, organizationId, now, principal, services } = request
      if (body.account_id && canonicalFilter(body.account_id) !== organizationId) return notFound('account', body.account_id)
      const policyIds = canonicalIds('policy_ids', body.policy_ids)
      if (isDomainError(policyIds)) return policyIds
      const id = services.ids.newId()
      const outcome = await runWrite(request, {
        serializeOn: [roleStream(organizationId, id), ...policyIds.map((policyId) => policyStream(organizationId, policyId))],
        status: 202,
        resourceIdOf: (roleId: string) => roleId,
        plan: async (ctx) => {
          const writes = await planCreateRole(ctx, {
            type: 'CreateRole', organizationId, id, at: now.toISOString(), by: principal.id,
            name: body.name,
            description: body.description ?? null,
            maxSessionDuration: body.max_session_duration ?? SESSION_MIN,
            trustPolicy: body.assume_role_policy_document,
            principals: body.principals ?? [],
            tags: body.tags ?? [],
          }, policyIds)
          return isDomainError(writes) ? writes : { writes, result: id }
        },
      })
      return respond(outcome, (roleId) => showRole(services, organizationId, roleId), (roleId) => showRole(services, organizationId, roleId))
    },
  }),
  operation('GetRole', {
    response: RoleShowResponse,
    handler: async ({ params, organizationId, services }) => {
      const shown = await showRole(services, organizationId, params.role_id as string)
      return isDomainError(shown) ? shown : { body: shown }
    },
  }),
  operation('ListRoles', {
    query: RoleListQuery,
    response: RolePageResponse,
    handler: async ({ query, organizationId, services, consistencyTokens }) => {
      const stale = await coveredFor(services.projector, organizationId, SCP_ROLE_LIST, consistencyTokens)
      if (stale) return stale
      const account = canonicalFilter(query.account_id)
      const excluded = canonicalFilter(query.exclude_policy_id)
      const excludedRoles = new Set<string>()
      if (excluded) {
        const policy = (await loadPolicies(services, organizationId, [excluded])).get(excluded)
        for (const binding of policy?.bindings ?? []) if (binding.identityType === 'ROLE') excludedRoles.add(binding.identityId)
      }
      const entries = account === undefined || account === organizationId
        ? await services.readStore.query<RoleListItem>(SCP_ROLE_LIST, organizationId, SCP_ROLE_LIST_PARTITION)
        : []
      const roles = entries.map(({ model }) => model).filter((role) =>
        contains(role.name, query.name) && (query.role_type === undefined || query.role_type === role.type) && !excludedRoles.has(role.id))
      const page = paginate(roles, query, {
        sortKeys: { created_at: (role) => role.createdAt, modified_at: (role) => role.modifiedAt, name: (role) => role.name },
        defaultSort: 'created_at:desc',
        idOf: (role) => role.id,
      })
      const views = await renderRoles(services, organizationId, page.items)
      return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, roles: views } }
    },
  }),
  operation('SetRole', {
    body: RoleSetRequest,
    response: RoleShowResponse,
    handler: async (request) => {
      const { body, params, organizationId, now, principal, services } = request
      const roleId = params.role_id as string
      const outcome = await runWrite(request, {
        serializeOn: [roleStream(organizationId, roleId)],
        resourceIdOf: () => roleId,
        plan: async (ctx) => {
          const { state } = await ctx.load(roleDecider, roleStream(organizationId, roleId))
          const writes = planChangeRole(state, {
            type: 'SetRole', organizationId, id: roleId, at: now.toISOString(), by: principal.id,
            ...(body.description !== undefined && { description: body.description }),
            ...(body.max_session_duration !== undefined && body.max_session_duration !== null && { maxSessionDuration: body.max_session_duration }),
          })
          return isDomainError(writes) ? writes : { writes, result: roleId }
        },
      })
      return respond(outcome, (id) => showRole(services, organizationId, id), (id) => showRole(services, organizationId, id))
    },
  }),
  operation('DeleteRole', {
    handler: async (request) => {
      return respondEmpty(await deleteRoles(request, [request.params.role_id as string], true))
    },
  }),
  operation('DeleteRolesBulk', {
    body: RoleBulkDeleteRequest,
    handler: async (request) => {
      const { body, organizationId } = request
      // Another account's roles are none of the caller's: nothing to delete.
      if (body.account_id && canonicalFilter(body.account_id) !== organizationId) return {}
      const ids = canonicalIds('role_ids', body.role_ids)
      if (isDomainError(ids)) return ids
      return respondEmpty(await deleteRoles(request, ids, false, body.role_names ?? []))
    },
  }),
  operation('SetRoleTrustPolicy', {
    body: RoleTrustPolicyRequest,
    response: RoleTrustPolicyShowResponse,
    handler: async (request) => {
      const { body, params, organizationId, now, principal, services } = request
      const roleId = params.role_id as string
      const reload = async (id: string) => {
        const role = (await loadRoles(services, organizationId, [id])).get(id)
        return role ? renderTrustPolicy(role) : notFound('role', id)
      }
      const outcome = await runWrite(request, {
        serializeOn: [roleStream(organizationId, roleId)],
        resourceIdOf: () => roleId,
        plan: async (ctx) => {
          const { state } = await ctx.load(roleDecider, roleStream(organizationId, roleId))
          const writes = planChangeRole(state, {
            type: 'SetRoleTrustPolicy', organizationId, id: roleId, at: now.toISOString(), by: principal.id, trustPolicy: body.assume_role_policy_document,
          })
          return isDomainError(writes) ? writes : { writes, result: roleId }
        },
      })
      return respond(outcome, reload, reload)
    },
  }),
  operation('AttachRolePolicies', {
    body: RolePolicyBindingRequest,
    response: RolePolicyBindingResponse,
    handler: async (request) => {
      const { body, params, organizationId, services } = request
      const roleId = params.role_id as string
      const policyIds = canonicalIds('policy_ids', body.policy_ids)
      if (isDomainError(policyIds)) return policyIds
      const render = async () => ({ policies: await boundPolicies(services, organizationId, roleId) })
      return respond(await changeBindings(request, roleId, policyIds, true), render, render)
    },
  }),
  operation('ListRolePolicies', {
    query: BoundPolicyListQuery,
    response: RolePolicyBindingPageResponse,
    handler: async ({ params, query, organizationId, services }) => {
      const roleId = params.role_id as string
      if (!(await loadRoles(services, organizationId, [roleId])).has(roleId)) return notFound('role', roleId)
      const views = (await boundPolicies(services, organizationId, roleId)).filter((view) => policyMatches(view, query))
      const page = paginate(views, query, { sortKeys: POLICY_SORT_KEYS, defaultSort: 'created_at:desc', idOf: (view) => view.id })
      return { body: { count: page.count, page: page.page, size: page.size, sort: page.sort, policies: page.items } }
    },
  }),
  operation('DetachRolePolicies', {
    body: RolePolicyBindingRequest,
    handler: async (request) => {
      const policyIds = canonicalIds('policy_ids', request.body.policy_ids)
      if (isDomainError(policyIds)) return policyIds
      return respondEmpty(await changeBindings(request, request.params.role_id as string, policyIds, false))
    },
  }),
  operation('DetachRolePolicy', {
    handler: async (request) => respondEmpty(await changeBindings(request, request.params.role_id as string, [request.params.policy_id as string], false)),
  }),
)

/** Deletes roles by id and by name in one request; `strict` (ROL-5) makes an unknown role a 404. */
async function deleteRoles(request: ScpRequest, ids: readonly string[], strict: boolean, names: readonly string[] = []) {
  const { organizationId, now, principal } = request
  return runWrite(request, {
    serializeOn: ids.map((id) => roleStream(organizationId, id)),
    status: 204,
    resourceIdOf: () => ids.join(','),
    plan: async (ctx) => {
      const named = await Promise.all(names.map((name) => ctx.readState(roleNameReservation(organizationId, name))))
      const all = [...new Set([...ids, ...named.flatMap((item) => (typeof item?.owner === 'string' ? [item.owner] : []))])]
      const parts: PlannedWrites[] = []
      for (const id of all) {
        const { state } = await ctx.load(roleDecider, roleStream(organizationId, id))
        if (!liveRole(state)) {
          if (strict) return notFound('role', id)
          continue
        }
        const writes = await planDeleteRole(ctx, state, { organizationId, id, at: now.toISOString(), by: principal.id })
        if (isDomainError(writes)) return writes
        parts.push(writes)
      }
      const writes = withinOneRequest(combine(...parts))
      return isDomainError(writes) ? writes : { writes, result: all }
    },
  })
}
