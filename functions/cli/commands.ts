// The CLI's commands: each names its words, its usage line and what it does. Results are plain objects with
// snake_case keys (one JSON object on stdout with --json); later issues add fields, never rename them.
// Implementations are imported when a command runs, so that usage and its errors answer at once.
import type { AppDeps } from '../api/deps.js'
import type { ProjectionProgress } from '../projector/index.js'
import { CommandError, UsageError } from './errors.js'
import type { Output } from './output.js'

export interface CommandInput {
  /** Positional arguments after the command's words. */
  args: string[]
  options: { name?: string; organization?: string; redirectUri?: string[]; surface?: string }
  out: Output
}

export interface Command {
  words: readonly string[]
  usage: string
  summary: string
  /** Positional arguments the command takes. */
  arity: number
  /** Options it cannot run without. */
  required?: ReadonlyArray<keyof CommandInput['options']>
  run(deps: AppDeps, input: CommandInput): Promise<Record<string, unknown>>
  /** The result for a person (without --json); default: one `key: value` line per field. */
  text?(result: Record<string, unknown>): string
}

export const COMMANDS: readonly Command[] = [
  {
    words: ['organizations', 'create'],
    usage: 'organizations create --name NAME [--json]',
    summary: "create an organization, its owner user and the owner's API key",
    arity: 0,
    required: ['name'],
    async run(deps, { options }) {
      const [{ isDomainError }, { toUuid }, { keyWrapperFor }, { organizationContributions }, { createOrganization }, { checkMasterKey }] =
        await Promise.all([
          import('../../domain/core/errors.js'),
          import('../../domain/core/ids.js'),
          import('../api/deps.js'),
          import('../core/organizationContributions.js'),
          import('../core/organizations.js'),
          import('../local/masterKeyCheck.js'),
        ])
      // The new organization's secrets must be readable by the server: refuse to work with another master key.
      await checkMasterKey(deps.dynamo, keyWrapperFor(deps.config))
      const created = await createOrganization(
        { runner: deps.runner, ids: deps.ids, clock: deps.clock, contributions: organizationContributions, keyring: deps.keyring },
        { name: options.name ?? '', owner: {} },
      )
      if (isDomainError(created)) throw new CommandError(`could not create the organization: ${created.kind}`, { error: created })
      return {
        organization_id: toUuid(created.organizationId),
        owner_user_id: toUuid(created.ownerUserId),
        access_key: created.accessKey,
        secret_key: created.secretKey,
        ...created.outputs,
      }
    },
  },
  {
    words: ['credentials', 'create'],
    usage: 'credentials create --organization ID --surface scp|nscale [--json]',
    summary: "create a credential of a surface for the organization's owner (its secret is shown once)",
    arity: 0,
    required: ['organization', 'surface'],
    async run(deps, { options }) {
      const [{ CREDENTIAL_ISSUERS }, { keyWrapperFor }, { checkMasterKey }] = await Promise.all([
        import('./credentials.js'),
        import('../api/deps.js'),
        import('../local/masterKeyCheck.js'),
      ])
      const issue = CREDENTIAL_ISSUERS[options.surface ?? '']
      if (!issue) throw new UsageError(`unknown surface ${JSON.stringify(options.surface)}; known: ${Object.keys(CREDENTIAL_ISSUERS).join(', ')}`)
      await checkMasterKey(deps.dynamo, keyWrapperFor(deps.config))
      return issue(deps, options.organization ?? '')
    },
  },
  {
    words: ['projections', 'list'],
    usage: 'projections list [--json]',
    summary: 'list the projections and the version readers see',
    arity: 0,
    async run(deps) {
      const entries = await Promise.all(
        deps.projector.projections.map(async ({ name }) => ({ name, version: await deps.projector.pointer.current(name, { fresh: true }) })),
      )
      return { projections: entries }
    },
  },
  {
    words: ['projections', 'rebuild'],
    usage: 'projections rebuild NAME [--json]',
    summary: 'rebuild a projection from the event log and switch to it',
    arity: 1,
    async run(deps, { args, out }) {
      const { rebuild } = await import('../projector/index.js')
      const result = await rebuild(deps.projector, knownProjection(deps, args[0]), { onProgress: progressTo(out) })
      out.endProgress()
      return {
        projection: result.projection,
        from_version: result.from,
        to_version: result.to,
        events: result.events,
        caught_up_streams: result.caughtUp.repaired,
        caught_up_events: result.caughtUp.events,
      }
    },
  },
  {
    words: ['projections', 'repair'],
    usage: 'projections repair NAME [--json]',
    summary: 'close any gap between a projection and the event log',
    arity: 1,
    async run(deps, { args, out }) {
      const { repair } = await import('../projector/index.js')
      const result = await repair(deps.projector, knownProjection(deps, args[0]), { onProgress: progressTo(out) })
      out.endProgress()
      return { projection: result.projection, version: result.version, streams: result.streams, repaired_streams: result.repaired, events: result.events }
    },
  },
  {
    words: ['sweep'],
    usage: 'sweep [--json]',
    summary: 'expire the credentials past expiry now (the server does it every IAM_SWEEP_INTERVAL_SECONDS)',
    arity: 0,
    async run(deps) {
      const { sweepExpiredCredentials } = await import('../sweeps/sweep.js')
      const result = await sweepExpiredCredentials(deps)
      if (result.failed > 0) throw new CommandError(`could not expire ${result.failed} credential(s); run it again`, { expired: result.expired, failed: result.failed })
      return { expired: result.expired }
    },
  },
  {
    words: ['outbox'],
    usage: 'outbox [--organization ID] [--json]',
    summary: 'print the notifications the local server would have e-mailed',
    arity: 0,
    async run(deps, { options }) {
      const [{ normalizeId, toUuid }, { listOutbox }] = await Promise.all([import('../../domain/core/ids.js'), import('../notify/index.js')])
      const organizationId = options.organization === undefined ? undefined : normalizeId(options.organization)
      if (options.organization !== undefined && !organizationId) throw new UsageError(`--organization ${options.organization} is not an id`)
      const entries = await listOutbox(deps.dynamo, { organizationId, now: deps.clock.now() })
      return {
        entries: entries.map((entry) => ({
          id: entry.id,
          organization_id: toUuid(entry.organizationId),
          to: entry.to,
          template: entry.template,
          subject: entry.subject,
          data: entry.data,
          created_at: entry.createdAt,
        })),
      }
    },
    text: (result) =>
      (result.entries as Array<Record<string, unknown>>)
        .map((entry) => `${entry.created_at}  ${entry.organization_id}  ${entry.to}  ${entry.template}: ${entry.subject}  ${JSON.stringify(entry.data)}\n`)
        .join('') || '(the outbox is empty)\n',
  },
  {
    words: ['oauth2', 'clients', 'create'],
    usage: 'oauth2 clients create --name NAME --redirect-uri URI [--redirect-uri URI …] [--json]',
    summary: 'register an OAuth2 client of the nscale OIDC provider (its secret is shown once)',
    arity: 0,
    required: ['name'],
    async run(deps, { options }) {
      if (!options.redirectUri?.length) throw new UsageError('--redirect-uri is required')
      const [{ isDomainError }, { registerClient }] = await Promise.all([import('../../domain/core/errors.js'), import('../oidc/clients.js')])
      const client = await registerClient(deps, { name: options.name ?? '', redirectUris: options.redirectUri ?? [] })
      if (isDomainError(client)) throw new CommandError(`could not register the client: ${'message' in client ? client.message : client.kind}`, { error: client })
      return { client_id: client.clientId, client_secret: client.clientSecret, name: client.name, redirect_uris: client.redirectUris }
    },
  },
]

function knownProjection(deps: AppDeps, name: string | undefined): string {
  const names = deps.projector.projections.map((projection) => projection.name)
  if (!name || !names.includes(name)) throw new UsageError(`unknown projection ${JSON.stringify(name ?? '')}; known: ${names.join(', ')}`)
  return name
}

function progressTo(out: Output): (progress: ProjectionProgress) => void {
  let phase = ''
  return ({ projection, phase: current, done, total }) => {
    if (current !== phase) out.endProgress()
    phase = current
    out.progress(`${projection} ${current}`, done, total)
  }
}
