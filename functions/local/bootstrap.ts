// First start of a local server: create the first organization, its owner user and the owner's API key, once.
// A `~system`/`bootstrap` state item, written in the same transaction as the organization, marks it done, so
// that two servers starting on the same tables bootstrap once. Values come from IAM_BOOTSTRAP_* when set, else
// from an earlier bootstrap.json (so an in-memory server keeps its credentials across restarts), else are
// generated; whatever was not given is written to bootstrap.json (mode 0600). The log never shows the secret.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { alreadyExists, isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { normalizeId, toUuid, type IdGenerator } from '../../domain/core/ids.js'
import type { StateKey } from '../../domain/core/ports.js'
import type { AppDeps } from '../api/deps.js'
import type { BootstrapSettings } from '../config.js'
import { organizationContributions } from '../core/organizationContributions.js'
import { createOrganization, type OrganizationContribution } from '../core/organizations.js'
import { newAccessKey, newSecretUuid, SCALEWAY_ACCESS_KEY } from '../store/secrets.js'

export const BOOTSTRAP_MARKER: StateKey = { pk: '~system', sk: 'bootstrap' }
export const BOOTSTRAP_ORGANIZATION_NAME = 'default'

/** The content of bootstrap.json: ids as dashed UUIDs, the form the Scaleway SDK takes. */
export interface BootstrapFile {
  organization_id: string
  owner_user_id?: string
  access_key: string
  secret_key: string
  /** The other surfaces' owner credentials (`scp_access_key_id`, `scp_secret_key`, `nscale_token`), once created. */
  [output: string]: string | undefined
}

export type BootstrapOutcome =
  | { created: true; organizationId: string; ownerUserId: string; accessKey: string; file?: string }
  | { created: false; organizationId: string }

export async function bootstrap(deps: AppDeps): Promise<BootstrapOutcome> {
  const { config, dynamo, logger } = deps
  const marker = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: BOOTSTRAP_MARKER, ConsistentRead: true }))
  if (marker.Item) {
    const organizationId = toUuid(String(marker.Item.organizationId))
    logger.info('bootstrap already done', { organizationId })
    return { created: false, organizationId }
  }

  const { values, generated } = bootstrapValues(config.bootstrap, readBootstrapFile(config.bootstrapFile), deps.ids)
  const file = generated ? config.bootstrapFile : undefined
  // Written before the organization exists, so a crash in between cannot lose credentials that then work.
  if (file) writeBootstrapFile(file, values)

  const markDone: OrganizationContribution = (draft) => ({
    appends: [],
    extras: [
      {
        kind: 'put',
        key: BOOTSTRAP_MARKER,
        attributes: { organizationId: draft.organizationId, at: draft.now.toISOString() },
        ifNotExists: true,
        onConditionFailed: alreadyExists('bootstrap', 'bootstrap', 'another process bootstrapped first'),
      },
    ],
  })
  const created = await createOrganization(
    { runner: deps.runner, ids: deps.ids, clock: deps.clock, keyring: deps.keyring, contributions: [...organizationContributions, markDone] },
    {
      organizationId: values.organization_id,
      name: BOOTSTRAP_ORGANIZATION_NAME,
      owner: {},
      apiKey: { accessKey: values.access_key, secretKey: values.secret_key, description: 'bootstrap' },
      meta: { actor: SYSTEM_ACTORS.bootstrap, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'iam-bootstrap', surface: 'system' },
    },
  )
  if (isDomainError(created)) {
    if (created.kind === 'already_exists' && created.resource === 'bootstrap') return bootstrap(deps)
    throw new Error(`bootstrap failed: ${JSON.stringify(created)}`)
  }

  const organizationId = toUuid(created.organizationId)
  const ownerUserId = toUuid(created.ownerUserId)
  // The other surfaces' credentials are generated with the organization: a crash before this write loses them
  // (not the organization), and `iam credentials create --surface …` issues new ones.
  if (file) writeBootstrapFile(file, { ...values, owner_user_id: ownerUserId, ...created.outputs })
  logger.info('bootstrapped the first organization', {
    organizationId,
    ownerUserId,
    accessKey: created.accessKey,
    credentialsFile: file ?? 'IAM_BOOTSTRAP_* (other surfaces: iam credentials create --surface scp|nscale)',
  })
  return { created: true, organizationId, ownerUserId, accessKey: created.accessKey, file }
}

/** Environment first, then an earlier file, then new values; `generated` when anything did not come from the environment. */
export function bootstrapValues(
  settings: BootstrapSettings,
  previous: BootstrapFile | undefined,
  ids: IdGenerator,
): { values: BootstrapFile; generated: boolean } {
  const values: BootstrapFile = {
    organization_id: toUuid(settings.organizationId ?? normalizeId(previous?.organization_id ?? '') ?? ids.newId()),
    access_key: settings.accessKey ?? (previous && SCALEWAY_ACCESS_KEY.test(previous.access_key) ? previous.access_key : newAccessKey()),
    secret_key: settings.secretKey ?? (previous && UUID.test(previous.secret_key) ? previous.secret_key : newSecretUuid()),
  }
  const generated = !(settings.organizationId && settings.accessKey && settings.secretKey)
  return { values, generated }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function readBootstrapFile(path: string): BootstrapFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<BootstrapFile>
    if (typeof parsed.organization_id !== 'string' || typeof parsed.access_key !== 'string' || typeof parsed.secret_key !== 'string') return undefined
    return parsed as BootstrapFile
  } catch {
    return undefined
  }
}

function writeBootstrapFile(path: string, content: BootstrapFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
  chmodSync(path, 0o600) // an existing file keeps its mode on write
}
