// SCP resource-based policies keyed by SRN (RBP-1..3) and their statements addressed by Sid (RBS-1..3). The
// path SRN arrives decoded (../params.ts); the policy's stream derives from its canonical resource, so an SRN
// written with or without its account is the same policy. Every change adds a version in force at once; the
// check reads the compiled current version beside the caller's grants (functions/authz/resourcePolicies.ts).
import { z } from '@hono/zod-openapi'
import { isDomainError, notFound, type DomainError } from '../../../../domain/core/errors.js'
import { parseSrn } from '../../../../domain/authz/srn.js'
import { decideResourcePolicy, resourceOfSrn, type ResourcePolicyCommand } from '../../../../domain/scp/resourcePolicy/decide.js'
import { currentVersion, resourcePolicyDecider, resourcePolicyStream, type ResourcePolicy } from '../../../../domain/scp/resourcePolicy/evolve.js'
import { writes } from '../../../../domain/scaleway/plan.js'
import { defineHandlers, operation, type ScpRequest } from '../operation.js'
import { foldAll, loadPeople, personOf, wireTime } from './identityViews.js'
import { respond, respondEmpty, runWrite } from './identityWrites.js'

const Statement = z.record(z.string(), z.unknown()).openapi({ description: 'Statement {Sid, Effect, Action, NotAction, Resource, Principal, Condition}' })
const ResourcePolicySetRequest = z.object({
  policy_version: z.object({
    /** Validated by the policy language (domain/scp/policyDocument), which names the field on error. */
    policy_document: z.unknown(),
    policy_id: z.string().nullable().optional(),
    policy_version_id: z.string().nullable().optional(),
    policy_version_name: z.string().max(128).nullable().optional(),
  }),
})
const DocumentView = z.object({ Version: z.string(), Statement: z.array(Statement) })
const ResourcePolicyShowResponse = z.object({
  account_id: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  creator_email: z.string().nullable(),
  creator_name: z.string().nullable(),
  default_version_id: z.string(),
  modified_at: z.string(),
  modified_by: z.string(),
  modifier_email: z.string().nullable(),
  modifier_name: z.string().nullable(),
  policy_category: z.literal('RESOURCE_BASED'),
  policy_type: z.literal('USER_DEFINED'),
  policy_versions: z.array(z.object({ created_at: z.string(), created_by: z.string(), id: z.string(), modified_at: z.string(), modified_by: z.string(), policy_document: DocumentView })),
  service_name: z.string().nullable(),
})
const StatementResponse = z.object({ Statement })

type Services = ScpRequest['services']

async function loadResourcePolicy(services: Services, organizationId: string, srn: string): Promise<ResourcePolicy | DomainError> {
  const resource = resourceOfSrn(organizationId, srn)
  if (isDomainError(resource)) return resource
  const [state] = await foldAll(services, resourcePolicyDecider, [resourcePolicyStream(organizationId, resource)])
  return state?.policy ?? notFound('resource_policy', srn)
}

async function showResourcePolicy(services: Services, organizationId: string, srn: string) {
  const policy = await loadResourcePolicy(services, organizationId, srn)
  if (isDomainError(policy)) return policy
  const people = await loadPeople(services, organizationId, [policy.createdBy, policy.modifiedBy])
  const creator = personOf(people, policy.createdBy)
  const modifier = personOf(people, policy.modifiedBy)
  return {
    account_id: organizationId,
    created_at: wireTime(policy.createdAt),
    created_by: policy.createdBy,
    creator_email: creator.email,
    creator_name: creator.name,
    default_version_id: currentVersion(policy).id,
    modified_at: wireTime(policy.modifiedAt),
    modified_by: policy.modifiedBy,
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    policy_category: 'RESOURCE_BASED' as const,
    policy_type: 'USER_DEFINED' as const,
    policy_versions: policy.versions.map((version) => ({
      created_at: wireTime(version.createdAt),
      created_by: version.createdBy,
      id: version.id,
      modified_at: wireTime(version.createdAt),
      modified_by: version.createdBy,
      policy_document: version.document,
    })),
    service_name: parseSrn(policy.srn)?.service ?? null,
  }
}

/** One write of the SRN's policy; `result` is the Sid the response shows (or the SRN). */
async function change(request: ScpRequest, command: (target: { organizationId: string; srn: string; at: string; by: string; versionId: string }) => ResourcePolicyCommand, sidOf: (policy: ResourcePolicy | undefined) => string | undefined, status: 200 | 201 | 204 = 200) {
  const { organizationId, now, principal, params, services } = request
  const srn = params.srn as string
  const resource = resourceOfSrn(organizationId, srn)
  if (isDomainError(resource)) return resource
  const streamId = resourcePolicyStream(organizationId, resource)
  return runWrite(request, {
    serializeOn: [streamId],
    status,
    resourceIdOf: (sid: string) => sid,
    plan: async (ctx) => {
      const { state } = await ctx.load(resourcePolicyDecider, streamId)
      const events = decideResourcePolicy(state, command({ organizationId, srn, at: now.toISOString(), by: principal.id, versionId: services.ids.newId() }))
      if (isDomainError(events)) return events
      const after = events.reduce(resourcePolicyDecider.evolve, state)
      return { writes: writes(streamId, events), result: sidOf(after.policy) ?? srn }
    },
  })
}

async function showStatement(services: Services, organizationId: string, srn: string, sid: string) {
  const policy = await loadResourcePolicy(services, organizationId, srn)
  if (isDomainError(policy)) return policy
  const statement = currentVersion(policy).document.Statement.find((candidate) => candidate.Sid === sid)
  return statement ? { Statement: statement } : notFound('statement', sid)
}

export const resourcePolicyHandlers = defineHandlers(
  operation('ShowResourcePolicy', {
    response: ResourcePolicyShowResponse,
    handler: async ({ params, organizationId, services }) => {
      const shown = await showResourcePolicy(services, organizationId, params.srn as string)
      return isDomainError(shown) ? shown : { body: shown }
    },
  }),
  operation('SetResourcePolicy', {
    body: ResourcePolicySetRequest,
    response: ResourcePolicyShowResponse,
    handler: async (request) => {
      const { body, organizationId, services } = request
      const version = body.policy_version
      const outcome = await change(request, (target) => ({
        ...target, type: 'SetResourcePolicy', document: version.policy_document,
        ...(version.policy_version_name !== undefined && version.policy_version_name !== null && { versionName: version.policy_version_name }),
      }), () => undefined)
      if (isDomainError(outcome)) return outcome
      const show = () => showResourcePolicy(services, organizationId, request.params.srn as string)
      return respond(outcome, show, show)
    },
  }),
  operation('DeleteResourcePolicy', {
    handler: async (request) => {
      const outcome = await change(request, (target) => ({ ...target, type: 'DeleteResourcePolicy' }), () => undefined, 204)
      return isDomainError(outcome) ? outcome : respondEmpty(outcome)
    },
  }),
  operation('AddResourcePolicyStatement', {
    body: Statement,
    response: StatementResponse,
    status: 201,
    handler: async (request) => {
      const { body, organizationId, services } = request
      const srn = request.params.srn as string
      const outcome = await change(request, (target) => ({ ...target, type: 'AddStatement', statement: body }),
        (policy) => policy && currentVersion(policy).document.Statement.at(-1)?.Sid, 201)
      if (isDomainError(outcome)) return outcome
      const show = (sid: string) => showStatement(services, organizationId, srn, sid)
      return respond(outcome, show, show)
    },
  }),
  operation('SetResourcePolicyStatement', {
    body: Statement,
    response: StatementResponse,
    handler: async (request) => {
      const { body, organizationId, services, params } = request
      const srn = params.srn as string
      const sid = params.sid as string
      const renamed = typeof body.Sid === 'string' ? body.Sid : sid
      const outcome = await change(request, (target) => ({ ...target, type: 'SetStatement', sid, statement: body }), () => renamed)
      if (isDomainError(outcome)) return outcome
      const show = (shown: string) => showStatement(services, organizationId, srn, shown)
      return respond(outcome, show, show)
    },
  }),
  operation('RemoveResourcePolicyStatement', {
    handler: async (request) => {
      const sid = request.params.sid as string
      const outcome = await change(request, (target) => ({ ...target, type: 'RemoveStatement', sid }), () => sid, 204)
      return isDomainError(outcome) ? outcome : respondEmpty(outcome)
    },
  }),
)
