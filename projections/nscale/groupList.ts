// The nscale groups of an organization, one item per live group in one partition, sorted by id (the upstream
// order of GET …/groups). Users' and service accounts' `groupIDs` are derived from it (groups own membership).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { GroupEvent } from '../../domain/nscale/group/events.js'
import { evolveGroup, liveGroup, NSCALE_GROUP, type Group } from '../../domain/nscale/group/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const NSCALE_GROUP_LIST = 'nscaleGroupList'
export const NSCALE_GROUP_PARTITION = 'nscale-groups'

export type GroupListItem = Group & Record<string, unknown>

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return { scope: organizationId, partition: NSCALE_GROUP_PARTITION, sort: aggregateId }
}

export const nscaleGroupList: PureProjection<GroupListItem> = {
  kind: 'pure',
  name: NSCALE_GROUP_LIST,
  aggregateTypes: [NSCALE_GROUP],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const after = liveGroup(evolveGroup({ group: current.get(id), deleted: false }, event as GroupEvent))
    return new Map([[id, after ? (after as GroupListItem) : null]])
  },
}
