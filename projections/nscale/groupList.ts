// The nscale groups of an organization, one item per live group in one partition, sorted by id (the upstream
// order of GET …/groups). Users' and service accounts' `groupIDs` are derived from it (groups own membership).
import type { GroupEvent } from '../../domain/nscale/group/events.js'
import { evolveGroup, liveGroup, NSCALE_GROUP, type Group } from '../../domain/nscale/group/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const NSCALE_GROUP_LIST = 'nscaleGroupList'
export const NSCALE_GROUP_PARTITION = 'nscale-groups'

export type GroupListItem = Group & Record<string, unknown>

export const nscaleGroupList = streamItemList<GroupListItem>({
  name: NSCALE_GROUP_LIST,
  aggregateType: NSCALE_GROUP,
  partition: NSCALE_GROUP_PARTITION,
  next: (current, event) => (liveGroup(evolveGroup({ group: current, deleted: false }, event as unknown as GroupEvent)) as GroupListItem | undefined) ?? null,
})
