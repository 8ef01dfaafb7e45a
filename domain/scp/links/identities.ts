// Which identities exist, for binding and membership: a user or a role is a live principal of that kind
// (domain/core/principal), a group a live `scp-group`. Unknown, deleted and other organizations' ids are absent alike.
import type { CommandContext } from '../../core/ports.js'
import { principalDecider, principalStreamId } from '../../core/principal/evolve.js'
import { groupDecider, groupStream, liveGroup } from '../group/evolve.js'
import type { IdentityType } from './events.js'

export type IdentityLoader = Pick<CommandContext, 'load'>

export async function identityIsLive(loader: IdentityLoader, organizationId: string, identityType: IdentityType, identityId: string): Promise<boolean> {
  if (identityType === 'GROUP') return liveGroup((await loader.load(groupDecider, groupStream(organizationId, identityId))).state) !== undefined
  const { state } = await loader.load(principalDecider, principalStreamId(organizationId, identityId))
  return state.status === 'active' && state.organizationId === organizationId && state.kind === (identityType === 'USER' ? 'user' : 'role')
}
