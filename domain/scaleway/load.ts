// What a plan needs beyond its own stream, loaded through the command context (consistent reads, DESIGN §5):
// the profiles a command names, a group's members, and the dependents a deleted principal cascades to.
import { credentialDecider, credentialItemKey, credentialStreamId, type CredentialItem } from '../core/credential/index.js'
import type { CommandContext } from '../core/ports.js'
import { applicationDecider, applicationStream } from './application/evolve.js'
import type { Dependents } from './cascade.js'
import type { Members } from './group/decide.js'
import { groupDecider, groupStream } from './group/evolve.js'
import type { LoadedMembers } from './group/plan.js'
import type { Links } from './links.js'
import { policyDecider, policyStream } from './policy/evolve.js'
import type { Profile, ProfileKind } from './profiles.js'
import { userDecider, userStream } from './user/evolve.js'

export async function loadProfile(ctx: CommandContext, organizationId: string, kind: ProfileKind, id: string): Promise<Profile> {
  switch (kind) {
    case 'user':
      return { kind, id, state: (await ctx.load(userDecider, userStream(organizationId, id))).state }
    case 'application':
      return { kind, id, state: (await ctx.load(applicationDecider, applicationStream(organizationId, id))).state }
    case 'group':
      return { kind, id, state: (await ctx.load(groupDecider, groupStream(organizationId, id))).state }
  }
}

export async function loadMembers(ctx: CommandContext, organizationId: string, members: Members): Promise<LoadedMembers> {
  const [users, applications] = await Promise.all([
    Promise.all(members.userIds.map(async (id) => [id, (await ctx.load(userDecider, userStream(organizationId, id))).state] as const)),
    Promise.all(members.applicationIds.map(async (id) => [id, (await ctx.load(applicationDecider, applicationStream(organizationId, id))).state] as const)),
  ])
  return { users: new Map(users), applications: new Map(applications) }
}

export async function loadDependents(ctx: CommandContext, organizationId: string, links: Links): Promise<Dependents> {
  const [groups, policies, apiKeys] = await Promise.all([
    Promise.all(links.groupIds.map(async (id) => [id, (await ctx.load(groupDecider, groupStream(organizationId, id))).state] as const)),
    Promise.all(links.policyIds.map(async (id) => [id, (await ctx.load(policyDecider, policyStream(organizationId, id))).state] as const)),
    Promise.all(
      links.apiKeyIds.map(async (id) => {
        const [{ state }, item] = await Promise.all([
          ctx.load(credentialDecider, credentialStreamId(organizationId, id)),
          ctx.readState(credentialItemKey(organizationId, id)),
        ])
        return [id, { state, item: item as Pick<CredentialItem, 'secretHash'> | undefined }] as const
      }),
    ),
  ])
  return { groups: new Map(groups), policies: new Map(policies), apiKeys: new Map(apiKeys) }
}
