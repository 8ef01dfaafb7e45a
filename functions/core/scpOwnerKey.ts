// A new SCP access key for an organization's owner (the CLI's `credentials create --surface scp`): one
// transaction, the secret sealed by the keyring and shown once.
import { invalidArgument, isDomainError, notFound, type DomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { normalizeId, type Clock, type IdGenerator } from '../../domain/core/ids.js'
import { organizationDecider, organizationStreamId } from '../../domain/core/organization/evolve.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { planIssueScpAccessKey } from '../../domain/scp/accessKey/plan.js'
import type { CommandRunner } from '../store/commandRunner.js'
import type { Keyring } from '../store/keyring.js'
import { newScpAccessKeyMaterial } from './scpAccessKeys.js'

export interface IssuedScpKey {
  organizationId: string
  principalId: string
  credentialId: string
  accessKey: string
  secretKey: string
}

export async function issueScpOwnerKey(
  deps: { runner: CommandRunner; ids: IdGenerator; clock: Clock; keyring: Pick<Keyring, 'encrypt'> },
  organization: string,
  meta: RequestMeta = { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'iam-cli', surface: 'system' },
): Promise<IssuedScpKey | DomainError> {
  const organizationId = normalizeId(organization)
  if (!organizationId) return invalidArgument('organization', 'the organization is not an id', 'format')
  const material = await newScpAccessKeyMaterial(deps.keyring, organizationId)
  const credentialId = deps.ids.newId()
  const outcome = await deps.runner.run({
    serializeOn: [organizationStreamId(organizationId)],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(organizationDecider, organizationStreamId(organizationId))
      if (state.status !== 'active') return notFound('organization', organizationId)
      const plan = planIssueScpAccessKey(
        { organizationId, credentialId, principalId: state.ownerPrincipalId, principalKind: 'user', accessKey: material.accessKey, type: 'PERMANENT', description: 'iam credentials create', now: ctx.now },
        material.sealedSecret,
      )
      if (isDomainError(plan)) return plan
      return { appends: plan.appends, extras: plan.extras, result: state.ownerPrincipalId }
    },
  })
  if (!outcome.ok) return outcome.error
  if (outcome.replayed) throw new Error('unexpected replay')
  return { organizationId, principalId: outcome.result, credentialId, accessKey: material.accessKey, secretKey: material.secretKey }
}
