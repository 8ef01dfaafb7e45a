// An SCP role folded from its `scp-role` stream.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import type { Tag } from '../group/fields.js'
import type { PolicyDocument } from '../policyDocument/types.js'
import type { RoleEvent, RoleType } from './events.js'

export const ROLE = 'scp-role'

export interface Role {
  id: string
  organizationId: string
  name: string
  description: string | null
  type: RoleType
  maxSessionDuration: number
  trustPolicy: PolicyDocument
  tags: Tag[]
  createdAt: string
  createdBy: string
  modifiedAt: string
  modifiedBy: string
  trustPolicyModifiedAt: string
  trustPolicyModifiedBy: string
}

export interface RoleState {
  role?: Role
  deleted: boolean
}

export function roleStream(organizationId: string, roleId: string): string {
  return streamId(organizationId, ROLE, roleId)
}

export function evolveRole(state: RoleState, event: RoleEvent): RoleState {
  if (event.type === 'ScpRoleCreated') {
    const { at, by, trustPolicy, ...role } = event.data
    return {
      deleted: false,
      role: { ...role, trustPolicy: trustPolicy as PolicyDocument, createdAt: at, createdBy: by, modifiedAt: at, modifiedBy: by, trustPolicyModifiedAt: at, trustPolicyModifiedBy: by },
    }
  }
  const role = state.role
  if (!role) return state
  switch (event.type) {
    case 'ScpRoleUpdated': {
      const { at, by, ...changes } = event.data
      return { ...state, role: { ...role, ...definedOnly(changes), modifiedAt: at, modifiedBy: by } }
    }
    case 'ScpRoleTrustPolicySet': {
      const { at, by, trustPolicy } = event.data
      return { ...state, role: { ...role, trustPolicy: trustPolicy as PolicyDocument, modifiedAt: at, modifiedBy: by, trustPolicyModifiedAt: at, trustPolicyModifiedBy: by } }
    }
    case 'ScpRoleDeleted':
      return { ...state, deleted: true }
  }
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>
}

export function liveRole(state: RoleState): Role | undefined {
  return state.deleted ? undefined : state.role
}

export const roleDecider: Decider<RoleState, RoleEvent> = {
  aggregateType: ROLE,
  initialState: () => ({ deleted: false }),
  evolve: evolveRole,
}
