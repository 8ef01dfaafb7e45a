// A small writer of the events the effective grants consume (organization, principals with their status items,
// Scaleway groups and policies), for the grants and check tests and the check bench. It appends through the
// real event store and hands the stored events to whoever projects them.
import { randomBytes } from 'node:crypto'
import type { DomainEvent, StoredEvent } from '../../domain/core/events.js'
import { systemClock, ulidIds } from '../../domain/core/ids.js'
import { organizationCreated } from '../../domain/core/organization/events.js'
import { organizationStreamId } from '../../domain/core/organization/evolve.js'
import type { Extra, RequestMeta } from '../../domain/core/ports.js'
import { principalDeleted, principalLocked, principalRegistered, type PrincipalKind } from '../../domain/core/principal/events.js'
import { principalStreamId } from '../../domain/core/principal/evolve.js'
import { principalStatusExtras } from '../../domain/core/principal/items.js'
import { GroupCreated, GroupDeleted, GroupMembersAdded, GroupMembersRemoved } from '../../domain/scaleway/group/events.js'
import { groupStream } from '../../domain/scaleway/group/evolve.js'
import {
  PolicyCreated, PolicyDeleted, PolicyPrincipalChanged, PolicyPrincipalDetached, PolicyRulesSet, PolicyUpdated, type PolicyPrincipal, type Rule,
} from '../../domain/scaleway/policy/events.js'
import { policyStream } from '../../domain/scaleway/policy/evolve.js'
import { encodeToken } from '../../domain/core/consistency.js'
import { issueCredential } from '../../domain/core/credential/decide.js'
import { credentialStreamId } from '../../domain/core/credential/evolve.js'
import { credentialItemExtras } from '../../domain/core/credential/items.js'
import { isDomainError } from '../../domain/core/errors.js'
import type { Dynamo } from '../../functions/store/dynamo.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { newAccessKey, newSecretUuid, sha256Hex } from '../../functions/store/secrets.js'

export const META: RequestMeta = {
  actor: { kind: 'system', id: 'system:cli' },
  requestId: 'grants-test',
  sourceIp: '127.0.0.1',
  userAgent: 'grants-test',
  surface: 'system',
}

const AT = '2025-06-01T00:00:00.000Z'

export const newId = (): string => randomBytes(16).toString('hex')

/** A rule as recorded: permission sets over the whole organization, or over projects. */
export function rule(organizationId: string, permissionSetNames: string[], scope: { projectIds?: string[]; condition?: string } = {}): Rule {
  const base = { id: newId(), permissionSetNames, condition: scope.condition ?? '' }
  return scope.projectIds
    ? { ...base, scopeType: 'projects', projectIds: scope.projectIds }
    : { ...base, scopeType: 'organization', organizationId }
}

export type Members = { users?: string[]; applications?: string[] }

export class GrantsScenario {
  readonly store
  private readonly versions = new Map<string, number>()
  private queued: StoredEvent[] = []

  constructor(readonly dynamo: Dynamo, readonly org: string = newId()) {
    this.store = createEventStore(dynamo, { clock: systemClock, ids: ulidIds })
  }

  /** Appends to one stream and returns the consistency token of the write. */
  async append(streamId: string, events: DomainEvent[], extras: Extra[] = []): Promise<string> {
    const before = this.versions.get(streamId) ?? 0
    const outcome = await this.store.append([{ streamId, expectedVersion: before, events }], extras, META)
    if (!('positions' in outcome)) throw new Error(`append to ${streamId} failed: ${JSON.stringify(outcome)}`)
    this.versions.set(streamId, before + events.length)
    this.queued.push(...(await this.store.readStream(streamId, before)))
    return encodeToken(outcome.positions)
  }

  /** The stored events appended since the last call. */
  take(): StoredEvent[] {
    const taken = this.queued
    this.queued = []
    return taken
  }

  organization(ownerPrincipalId: string): Promise<string> {
    return this.append(organizationStreamId(this.org), [organizationCreated({ organizationId: this.org, name: 'grants', ownerPrincipalId, createdAt: AT })])
  }

  principal(principalId: string, kind: PrincipalKind = 'user'): Promise<string> {
    const events = [principalRegistered({ principalId, organizationId: this.org, kind })]
    return this.append(principalStreamId(this.org, principalId), events, principalStatusExtras(this.org, principalId, events))
  }

  /** A Scaleway API key of the principal; answers its secret (what `X-Auth-Token` carries). */
  async apiKey(principalId: string, principalKind: PrincipalKind = 'user'): Promise<string> {
    const credentialId = newId()
    const secret = newSecretUuid()
    const events = issueCredential({ status: 'absent' }, {
      credentialId, organizationId: this.org, principalId, principalKind, kind: 'scaleway_api_key', accessKey: newAccessKey(),
      description: '', attributes: { defaultProjectId: this.org }, now: new Date(),
    })
    if (isDomainError(events)) throw new Error(`cannot issue a key: ${JSON.stringify(events)}`)
    await this.append(credentialStreamId(this.org, credentialId), events, credentialItemExtras({ status: 'absent' }, events, { hash: sha256Hex(secret) }))
    return secret
  }

  lock(principalId: string): Promise<string> {
    const events = [principalLocked({ principalId, reason: 'administrator' })]
    return this.append(principalStreamId(this.org, principalId), events, principalStatusExtras(this.org, principalId, events))
  }

  deletePrincipal(principalId: string): Promise<string> {
    const events = [principalDeleted({ principalId })]
    return this.append(principalStreamId(this.org, principalId), events, principalStatusExtras(this.org, principalId, events))
  }

  group(groupId: string, members: Members = {}): Promise<string> {
    const created = GroupCreated({ id: groupId, organizationId: this.org, name: `g-${groupId.slice(-6)}`, description: '', tags: [], managed: false, at: AT })
    const added = members.users?.length || members.applications?.length ? [GroupMembersAdded({ userIds: members.users ?? [], applicationIds: members.applications ?? [], at: AT })] : []
    return this.append(groupStream(this.org, groupId), [created, ...added])
  }

  addMembers(groupId: string, members: Members): Promise<string> {
    return this.append(groupStream(this.org, groupId), [GroupMembersAdded({ userIds: members.users ?? [], applicationIds: members.applications ?? [], at: AT })])
  }

  removeMembers(groupId: string, members: Members): Promise<string> {
    return this.append(groupStream(this.org, groupId), [GroupMembersRemoved({ userIds: members.users ?? [], applicationIds: members.applications ?? [], at: AT })])
  }

  deleteGroup(groupId: string): Promise<string> {
    return this.append(groupStream(this.org, groupId), [GroupDeleted({ at: AT })])
  }

  policy(policyId: string, principal: PolicyPrincipal, rules: Rule[]): Promise<string> {
    return this.append(policyStream(this.org, policyId), [
      PolicyCreated({ id: policyId, organizationId: this.org, name: `p-${policyId.slice(-6)}`, description: '', tags: [], principal, rules, managed: false, at: AT }),
    ])
  }

  setRules(policyId: string, rules: Rule[]): Promise<string> {
    return this.append(policyStream(this.org, policyId), [PolicyRulesSet({ rules, at: AT })])
  }

  changePrincipal(policyId: string, principal: PolicyPrincipal): Promise<string> {
    return this.append(policyStream(this.org, policyId), [PolicyPrincipalChanged({ principal, at: AT })])
  }

  detach(policyId: string, principal: PolicyPrincipal): Promise<string> {
    return this.append(policyStream(this.org, policyId), [PolicyPrincipalDetached({ principal, at: AT })])
  }

  rename(policyId: string): Promise<string> {
    return this.append(policyStream(this.org, policyId), [PolicyUpdated({ name: `renamed-${policyId.slice(-6)}`, at: AT })])
  }

  deletePolicy(policyId: string): Promise<string> {
    return this.append(policyStream(this.org, policyId), [PolicyDeleted({ at: AT })])
  }
}
