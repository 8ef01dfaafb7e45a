// Deleting an organization, the tenant of every surface (nscale's DELETE, and an onboarding its webhook refused):
// the nscale view and the core organization with its tombstone, in one transaction (planDeleteNscaleOrganization).
import type { DomainError } from '../../domain/core/errors.js'
import { organizationDecider, organizationStreamId } from '../../domain/core/organization/evolve.js'
import type { CommandContext } from '../../domain/core/ports.js'
import type { Writes } from '../../domain/nscale/group/decide.js'
import { planDeleteNscaleOrganization } from '../../domain/nscale/organization/decide.js'
import { nscaleOrganizationDecider, nscaleOrganizationStreamId } from '../../domain/nscale/organization/evolve.js'

/** The streams a deletion appends to (what the command serializes on). */
export function organizationDeletionStreams(organizationId: string): string[] {
  return [nscaleOrganizationStreamId(organizationId), organizationStreamId(organizationId)]
}

export async function planOrganizationDeletion(
  ctx: Pick<CommandContext, 'load'>,
  organizationId: string,
  command: { now: Date; by: string },
): Promise<Writes | DomainError> {
  const [streamId, coreStreamId] = organizationDeletionStreams(organizationId)
  const [{ state }, { state: core }] = await Promise.all([ctx.load(nscaleOrganizationDecider, streamId!), ctx.load(organizationDecider, coreStreamId!)])
  return planDeleteNscaleOrganization(state, core, { id: organizationId, ...command })
}
