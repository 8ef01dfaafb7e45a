// Decisions on an SCP identity policy (spec §1.7, §4.4; decisions §6.40, §6.41):
// - a policy holds at most MAX_POLICY_VERSIONS versions; adding one past it drops the oldest non-default version
//   (there is no endpoint to delete a version);
// - a new version becomes the default unless `default_version_id` names another existing version; the client's
//   own `policy_version_id` is only a name for the new version within the request (ids are the server's);
// - SYSTEM_MANAGED policies are the provider's: they cannot be created, changed or deleted here (403);
// - deleting a policy still bound to a live identity is a conflict (409); deletion is final (404 afterwards).
import { alreadyExists, conflict, invalidArgument, isDomainError, notFound, permissionDenied, type DomainError } from '../../core/errors.js'
import { checkDescription, checkName, checkTags, firstError, unique, type Tag } from '../group/fields.js'
import type { IdentityType } from '../links/events.js'
import { validateIdentityDocument } from './document.js'
import {
  PolicyBound, PolicyCreated, PolicyDefaultVersionSet, PolicyDeleted, PolicyUnbound, PolicyUpdated, PolicyVersionAdded, PolicyVersionRemoved,
  type PolicyCategory, type PolicyEvent, type PolicyType,
} from './events.js'
import { isBound, livePolicy, type Policy, type PolicyState } from './evolve.js'

export const POLICY_NAME_MIN = 3
export const POLICY_NAME_MAX = 128
export const MAX_POLICY_VERSIONS = 5
export const DEFAULT_SERVICE_TYPE = 'iam'

interface Target {
  organizationId: string
  id: string
  at: string
  by: string
}

export interface NewVersion {
  /** Server-generated. */
  versionId: string
  /** The client's `policy_version_id`, matched against `default_version_id` only. */
  clientVersionId?: string
  name?: string
  document: unknown
}

export type PolicyCommand =
  | (Target & {
      type: 'CreatePolicy'
      name: string
      description: string | null
      category: PolicyCategory
      policyType: PolicyType
      serviceType: string
      tags: Tag[]
      version: NewVersion
    })
  | (Target & { type: 'SetPolicy'; name?: string; description?: string | null; version?: NewVersion; defaultVersionId?: string })
  /** `unboundIdentities`: bound identities that no longer exist; they do not hold the policy back. */
  | (Target & { type: 'DeletePolicy'; goneIdentities: ReadonlyArray<{ identityType: IdentityType; identityId: string }> })
  | (Target & { type: 'BindPolicy'; identityType: IdentityType; identityIds: readonly string[] })
  | (Target & { type: 'UnbindPolicy'; identityType: IdentityType; identityIds: readonly string[] })

export function decidePolicy(state: PolicyState, command: PolicyCommand): PolicyEvent[] | DomainError {
  const { at, by } = command
  if (command.type === 'CreatePolicy') {
    if (state.policy) return alreadyExists('policy', command.id)
    if (command.policyType === 'SYSTEM_MANAGED') return permissionDenied('policy', 'iam:CreatePolicy')
    const invalid = firstError(
      checkName('policy_name', command.name, POLICY_NAME_MIN, POLICY_NAME_MAX),
      checkDescription('description', command.description),
      checkTags('tags', command.tags),
    )
    if (invalid) return invalid
    const version = versionAdded(command.organizationId, command.version, 1, at, by)
    if (isDomainError(version)) return version
    const { id, organizationId, name, description, category, policyType, serviceType, tags } = command
    return [
      PolicyCreated({ id, organizationId, name, description, category, type: policyType, serviceType, tags, at, by }),
      version,
      PolicyDefaultVersionSet({ versionId: command.version.versionId, at, by }),
    ]
  }
  const policy = livePolicy(state)
  if (!policy) return notFound('policy', command.id)
  switch (command.type) {
    case 'SetPolicy':
      return policy.type === 'SYSTEM_MANAGED' ? permissionDenied('policy', 'iam:SetPolicy') : setPolicy(policy, command)
    case 'DeletePolicy': {
      if (policy.type === 'SYSTEM_MANAGED') return permissionDenied('policy', 'iam:DeletePolicy')
      const gone = (type: IdentityType, id: string) => command.goneIdentities.some((identity) => identity.identityType === type && identity.identityId === id)
      const live = policy.bindings.filter((binding) => !gone(binding.identityType, binding.identityId))
      if (live.length > 0) return conflict('policy', policy.id, 'bound', `the policy is bound to ${live.length} user(s), group(s) or role(s); detach it first`)
      return [PolicyDeleted({ at, by })]
    }
    case 'BindPolicy': {
      const added = unique(command.identityIds).filter((id) => !isBound(policy, command.identityType, id))
      return added.length === 0 ? [] : [PolicyBound({ identityType: command.identityType, identityIds: added, at, by })]
    }
    case 'UnbindPolicy': {
      const removed = unique(command.identityIds).filter((id) => isBound(policy, command.identityType, id))
      return removed.length === 0 ? [] : [PolicyUnbound({ identityType: command.identityType, identityIds: removed, at, by })]
    }
  }
}

function setPolicy(policy: Policy, command: Extract<PolicyCommand, { type: 'SetPolicy' }>): PolicyEvent[] | DomainError {
  const { at, by } = command
  const invalid = firstError(
    command.name === undefined ? undefined : checkName('policy_name', command.name, POLICY_NAME_MIN, POLICY_NAME_MAX),
    command.description === undefined ? undefined : checkDescription('description', command.description),
  )
  if (invalid) return invalid
  const events: PolicyEvent[] = []
  const changes = {
    ...(command.name !== undefined && command.name !== policy.name ? { name: command.name } : {}),
    ...(command.description !== undefined && command.description !== policy.description ? { description: command.description } : {}),
  }
  if (Object.keys(changes).length > 0) events.push(PolicyUpdated({ ...changes, at, by }))
  let versions = policy.versions
  let wantedDefault = command.defaultVersionId
  if (command.version) {
    const added = versionAdded(policy.organizationId, command.version, versions.length + 1, at, by)
    if (isDomainError(added)) return added
    events.push(added)
    if (wantedDefault === undefined || wantedDefault === command.version.clientVersionId) wantedDefault = command.version.versionId
    versions = [...versions, { id: command.version.versionId, name: added.data.name, document: added.data.document, createdAt: at, createdBy: by }]
  }
  if (wantedDefault !== undefined && !versions.some((version) => version.id === wantedDefault)) {
    return invalidArgument('default_version_id', 'default_version_id must name a version of this policy')
  }
  if (wantedDefault !== undefined && wantedDefault !== policy.defaultVersionId) events.push(PolicyDefaultVersionSet({ versionId: wantedDefault, at, by }))
  const defaultId = wantedDefault ?? policy.defaultVersionId
  const surplus = versions.length - MAX_POLICY_VERSIONS
  if (surplus > 0) {
    for (const version of versions.filter((candidate) => candidate.id !== defaultId).slice(0, surplus)) {
      events.push(PolicyVersionRemoved({ versionId: version.id, at, by }))
    }
  }
  return events
}

function versionAdded(accountId: string, version: NewVersion, ordinal: number, at: string, by: string): ReturnType<typeof PolicyVersionAdded> | DomainError {
  const document = validateIdentityDocument(version.document, accountId)
  if (isDomainError(document)) return document
  const name = version.name ?? `POLICY_VERSION_${ordinal}`
  if (name.length === 0 || name.length > 128) return invalidArgument('policy_version.policy_version_name', 'policy_version_name must be 1 to 128 characters')
  return PolicyVersionAdded({ versionId: version.versionId, name, document, at, by })
}
