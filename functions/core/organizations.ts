// Creating an organization (the CLI, the bootstrap, sign-up): the organization itself, its owner principal and the
// owner's first API key, in ONE transaction with their items. Each part is a contribution (coreContributions.ts);
// surfaces add theirs (the Scaleway user profile, the SCP account, the nscale organization …) to
// organizationContributions.ts so that creation stays one request.
import { invalidArgument, isDomainError, type DomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { normalizeId, type IdGenerator } from '../../domain/core/ids.js'
import { organizationStreamId } from '../../domain/core/organization/evolve.js'
import type { Extra, Plan, RequestMeta } from '../../domain/core/ports.js'
import type { CommandRunner } from '../store/commandRunner.js'
import type { Keyring } from '../store/keyring.js'
import { newAccessKey, newSecretUuid, SCALEWAY_ACCESS_KEY } from '../store/secrets.js'
import { organizationContributions } from './organizationContributions.js'

/** Everything decided before the transaction is built; contributions read it, none may change it. */
export interface OrganizationDraft {
  organizationId: string
  name: string
  owner: { principalId: string; email?: string; username?: string }
  apiKey: { credentialId: string; accessKey: string; secretKey: string; description: string }
  /** False when nobody would receive the owner's credentials (onboarding): no API key or access key is issued. */
  issueOwnerCredentials: boolean
  now: Date
}

export interface Contribution {
  appends: Plan<unknown>['appends']
  extras?: Extra[]
  /** Credentials a surface issues to the owner, shown once to whoever created the organization (`scp_secret_key` …). */
  outputs?: Record<string, string>
}

/** Ports some contributions need: the keyring seals secrets a protocol needs back (SCP's HMAC secret). */
export interface ContributionPorts {
  keyring?: Pick<Keyring, 'encrypt'>
}

/** May be async (a password to hash); `ids` for the ids a surface's own aggregates need. */
export type OrganizationContribution = (
  draft: Readonly<OrganizationDraft>,
  ids: IdGenerator,
  ports: ContributionPorts,
) => Contribution | DomainError | Promise<Contribution | DomainError>

export interface CreateOrganizationInput {
  /** Any id rendering; a new id when absent. */
  organizationId?: string
  name: string
  owner: { email?: string; username?: string }
  /** The owner's API key; generated when absent (the bootstrap passes IAM_BOOTSTRAP_ACCESS_KEY/SECRET_KEY). */
  apiKey?: { accessKey: string; secretKey: string; description?: string }
  /** Who asks; defaults to the CLI's system actor. */
  meta?: RequestMeta
  /** False: the owner gets no credentials (their sign-in is elsewhere); `accessKey`/`secretKey` are then empty. Default true. */
  ownerCredentials?: boolean
}

export interface CreatedOrganization {
  organizationId: string
  ownerUserId: string
  accessKey: string
  /** Shown once to whoever created the organization; stored only as a hash. */
  secretKey: string
  /** The consistency token of the creation. */
  token: string
  /** What contributions issued to the owner (e.g. `scp_access_key_id`, `scp_secret_key`); shown once. */
  outputs: Record<string, string>
}

/** A StoreRuntime fits; `contributions` defaults to every registered contribution (organizationContributions.ts). */
export interface CreateOrganizationDeps {
  runner: CommandRunner
  ids: IdGenerator
  clock: { now(): Date }
  contributions?: readonly OrganizationContribution[]
  /** Without it, contributions that seal a secret (the owner's SCP access key) contribute nothing. */
  keyring?: Pick<Keyring, 'encrypt'>
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function createOrganization(deps: CreateOrganizationDeps, input: CreateOrganizationInput): Promise<CreatedOrganization | DomainError> {
  const organizationId = input.organizationId === undefined ? deps.ids.newId() : normalizeId(input.organizationId)
  if (!organizationId) return invalidArgument('organization_id', 'organization_id is not a valid id', 'format')
  const accessKey = input.apiKey?.accessKey ?? newAccessKey()
  if (!SCALEWAY_ACCESS_KEY.test(accessKey)) return invalidArgument('access_key', 'an access key is SCW followed by 17 characters of A-Z and 0-9', 'format')
  const secretKey = input.apiKey?.secretKey ?? newSecretUuid()
  if (!UUID.test(secretKey)) return invalidArgument('secret_key', 'a secret key is a UUID', 'format')

  const draft: OrganizationDraft = {
    organizationId,
    name: input.name,
    owner: { principalId: deps.ids.newId(), ...input.owner },
    apiKey: { credentialId: deps.ids.newId(), accessKey, secretKey, description: input.apiKey?.description ?? '' },
    issueOwnerCredentials: input.ownerCredentials !== false,
    now: deps.clock.now(),
  }
  const parts: Contribution[] = []
  for (const contribute of deps.contributions ?? organizationContributions) {
    const part = await contribute(draft, deps.ids, { keyring: deps.keyring })
    if (isDomainError(part)) return part
    parts.push(part)
  }
  const meta = input.meta ?? { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'iam-cli', surface: 'system' }
  const outcome = await deps.runner.run({
    serializeOn: [organizationStreamId(organizationId)],
    meta,
    plan: async () => ({ appends: parts.flatMap((part) => part.appends), extras: parts.flatMap((part) => part.extras ?? []), result: undefined }),
  })
  if (!outcome.ok) return outcome.error
  const outputs = Object.assign({}, ...parts.map((part) => part.outputs ?? {})) as Record<string, string>
  const issued = draft.issueOwnerCredentials
  return { organizationId, ownerUserId: draft.owner.principalId, accessKey: issued ? accessKey : '', secretKey: issued ? secretKey : '', token: outcome.token, outputs }
}
