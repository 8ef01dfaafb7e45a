// A member's groups (a user membership's or a service account's `spec.groupIDs`), derived from the groups, which
// own membership (spec §9 #23), through the group list projection. Member ids are unique across users and service
// accounts, so one lookup serves both. Writes that reconcile a member's groups start from these ids and then decide
// on the group streams themselves, read consistently; a client that just changed a group passes its
// X-Consistency-Token so that the change is seen.
import { coveredFor } from '../../../projector/organizationReads.js'
import { NSCALE_GROUP_LIST, NSCALE_GROUP_PARTITION, type GroupListItem } from '../../../../projections/nscale/groupList.js'
import type { NscaleServices } from '../deps.js'

async function readGroups(services: Pick<NscaleServices, 'projector' | 'readStore'>, organizationId: string, consistencyTokens: readonly string[]) {
  // Past the wait the groups are read as they are (the reconciliation itself decides on the group streams).
  await coveredFor(services.projector, organizationId, NSCALE_GROUP_LIST, consistencyTokens)
  return (await services.readStore.query<GroupListItem>(NSCALE_GROUP_LIST, organizationId, NSCALE_GROUP_PARTITION)).map((entry) => entry.model)
}

function groupsOf(groups: readonly GroupListItem[], memberId: string): string[] {
  return groups.filter((group) => group.userIds.includes(memberId) || group.serviceAccountIds.includes(memberId)).map((group) => group.id)
}

/** The groups a user membership or a service account is in. */
export async function memberGroupIds(
  services: Pick<NscaleServices, 'projector' | 'readStore'>,
  organizationId: string,
  memberId: string,
  consistencyTokens: readonly string[],
): Promise<string[]> {
  return groupsOf(await readGroups(services, organizationId, consistencyTokens), memberId)
}

/** One read for a whole list: the groups of each member of the organization. */
export async function groupIdsOf(
  services: Pick<NscaleServices, 'projector' | 'readStore'>,
  organizationId: string,
  consistencyTokens: readonly string[],
): Promise<(memberId: string) => string[]> {
  const groups = await readGroups(services, organizationId, consistencyTokens)
  return (memberId) => groupsOf(groups, memberId)
}
