// Which events are Scaleway audit logs (spec §4.8, §5.8 #49): every create, update and delete of an API key,
// user, application, group or policy, one log per event, its id the event id. Decisions:
// - users: profile, username, password and activation changes and lock/unlock are `updated`; logins are not logs.
// - groups: membership changes are `updated` of the group (they bump its `updated_at`).
// - policies: SetRules and principal changes, including a principal's deletion detaching it, are `updated`.
// - API keys: revocation is `deleted`, also when deleting its bearer cascades to it (bearer = who deleted the
//   bearer); expiry, rotation and enable/disable are `updated`. The resource id is the access key.
// - the links a principal keeps of its groups, policies and keys are bookkeeping (the other side logs the change),
//   and a principal's registration or deletion is logged by its user or application stream.
// - everything else (organizations, security settings, SSH keys, other surfaces, sessions) is not a Scaleway log,
//   and neither is a refused request: it appends no event.
// Credential and principal events do not say what they belong to: the stream's first event does, and the audit
// log keeps that in a subject item of the same stream (the runtime applies a stream's events in order).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'

export const LOG_RESOURCE_TYPES = ['api_key', 'user', 'application', 'group', 'policy'] as const
export type LogResourceType = (typeof LOG_RESOURCE_TYPES)[number]
export type LogAction = 'created' | 'updated' | 'deleted'

/** A Scaleway `Log` as the audit projection stores it (ids canonical, rendered by the surface). */
export interface ScalewayLog {
  [attribute: string]: unknown
  id: string
  createdAt: string
  ip: string
  userAgent: string
  action: LogAction
  bearerId: string
  organizationId: string
  resourceType: LogResourceType
  resourceId: string
  eventType: string
}

/** What a credential or principal stream is, as far as Scaleway logs go; `resourceType` null: not a Scaleway resource. */
export interface LogSubject {
  [attribute: string]: unknown
  resourceType: LogResourceType | null
  resourceId: string
}

const OWN_STREAMS: Record<string, { resourceType: LogResourceType; actions: Record<string, LogAction> }> = {
  'scw-user': {
    resourceType: 'user',
    actions: {
      ScwUserCreated: 'created',
      ScwUserUpdated: 'updated',
      ScwUserUsernameChanged: 'updated',
      ScwUserPasswordChanged: 'updated',
      ScwUserActivated: 'updated',
      ScwUserDeleted: 'deleted',
    },
  },
  'scw-application': {
    resourceType: 'application',
    actions: { ScwApplicationCreated: 'created', ScwApplicationUpdated: 'updated', ScwApplicationDeleted: 'deleted' },
  },
  'scw-group': {
    resourceType: 'group',
    actions: {
      ScwGroupCreated: 'created',
      ScwGroupUpdated: 'updated',
      ScwGroupMembersAdded: 'updated',
      ScwGroupMembersRemoved: 'updated',
      ScwGroupDeleted: 'deleted',
    },
  },
  'scw-policy': {
    resourceType: 'policy',
    actions: {
      ScwPolicyCreated: 'created',
      ScwPolicyUpdated: 'updated',
      ScwPolicyPrincipalChanged: 'updated',
      ScwPolicyPrincipalDetached: 'updated',
      ScwPolicyRulesSet: 'updated',
      ScwPolicyDeleted: 'deleted',
    },
  },
}

/** Streams whose events need their subject: the credential (API key?) and the principal (user?). */
const SUBJECT_STREAMS: Record<string, { first: string; actions: Record<string, LogAction> }> = {
  credential: {
    first: 'CredentialIssued',
    actions: {
      CredentialIssued: 'created',
      CredentialUpdated: 'updated',
      CredentialRotated: 'updated',
      CredentialDisabled: 'updated',
      CredentialEnabled: 'updated',
      CredentialExpired: 'updated',
      CredentialRevoked: 'deleted',
    },
  },
  principal: { first: 'PrincipalRegistered', actions: { PrincipalLocked: 'updated', PrincipalUnlocked: 'updated' } },
}

/** Whether the event's stream keeps a subject item the mapping reads (and its first event writes). */
export function needsSubject(event: StoredEvent): boolean {
  return parseStreamId(event.streamId).aggregateType in SUBJECT_STREAMS
}

/** The subject a stream's first event establishes; undefined for any later event. */
export function subjectOf(event: StoredEvent): LogSubject | undefined {
  const { aggregateType, aggregateId } = parseStreamId(event.streamId)
  if (SUBJECT_STREAMS[aggregateType]?.first !== event.type) return undefined
  const data = event.data as { kind?: string; accessKey?: string }
  if (event.type === 'CredentialIssued') {
    return data.kind === 'scaleway_api_key' && data.accessKey ? { resourceType: 'api_key', resourceId: data.accessKey } : { resourceType: null, resourceId: aggregateId }
  }
  return { resourceType: data.kind === 'user' ? 'user' : null, resourceId: aggregateId }
}

/**
 * The Scaleway log of an event, or undefined when it is none. `subject` is the stream's subject (read from the
 * subject item, or established by this very event).
 */
export function scalewayLogOf(event: StoredEvent, logId: string, subject?: LogSubject): ScalewayLog | undefined {
  const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
  const own = OWN_STREAMS[aggregateType]
  const viaSubject = SUBJECT_STREAMS[aggregateType]
  let target: { resourceType: LogResourceType; resourceId: string; action: LogAction } | undefined
  if (own) {
    const action = own.actions[event.type]
    if (action) target = { resourceType: own.resourceType, resourceId: aggregateId, action }
  } else if (viaSubject && subject?.resourceType) {
    const action = viaSubject.actions[event.type]
    if (action) target = { resourceType: subject.resourceType, resourceId: subject.resourceId, action }
  }
  if (!target || !organizationId) return undefined
  return {
    id: logId,
    createdAt: event.meta.occurredAt,
    ip: event.meta.sourceIp,
    userAgent: event.meta.userAgent,
    bearerId: event.meta.actor.id,
    organizationId,
    eventType: event.type,
    ...target,
  }
}
