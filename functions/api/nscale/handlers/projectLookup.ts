// Whether a project exists and is not deleted, read consistently from its own stream inside a command.
import type { CommandContext } from '../../../../domain/core/ports.js'
import { liveProject, projectDecider, projectStreamId } from '../../../../domain/nscale/project/evolve.js'

export async function projectIsLive(ctx: Pick<CommandContext, 'load'>, organizationId: string, projectId: string): Promise<boolean> {
  const { state } = await ctx.load(projectDecider, projectStreamId(organizationId, projectId))
  return liveProject(state) !== undefined
}
