// OAuth2 clients of the OIDC provider (spec §5.2): registered by operators through the CLI, one event
// (`OAuth2ClientRegistered`) and one state item holding the client's settings and the SHA-256 of its secret
// (32 random bytes, shown once). Authorization and token requests read the item, never a projection.
import { timingSafeEqual } from 'node:crypto'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { alreadyExists, invalidArgument, isDomainError, type DomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { GLOBAL_SCOPES, globalPk } from '../../domain/core/globalItems.js'
import { normalizeId, toUuid, type Clock, type IdGenerator } from '../../domain/core/ids.js'
import type { EventStore, RequestMeta, StateKey } from '../../domain/core/ports.js'
import { oauth2ClientRegistered, oauth2ClientStreamId, validRedirectUri } from '../../domain/oidc/client/events.js'
import type { Dynamo } from '../store/dynamo.js'
import { isAppendResult } from '../store/eventStore.js'
import { newSecretToken, sha256Hex } from '../store/secrets.js'

export interface OAuth2Client {
  clientId: string
  name: string
  redirectUris: string[]
  homeUri?: string
  loginUri?: string
  errorUri?: string
  onboardingUri?: string
  createdAt: string
}

interface ClientItem extends OAuth2Client {
  secretHash: string
}

export interface RegisterClientInput {
  name: string
  redirectUris: string[]
  homeUri?: string
  loginUri?: string
  errorUri?: string
  onboardingUri?: string
}

export function clientItemKey(clientId: string): StateKey {
  return { pk: globalPk(GLOBAL_SCOPES.oauth2Client, normalizeId(clientId) ?? clientId), sk: 'client' }
}

const NAME = /^[0-9A-Za-z](?:[0-9A-Za-z-_.]{0,61}[0-9A-Za-z])?$/

/** Registers a client; the answer holds its secret, which is never stored in clear nor shown again. */
export async function registerClient(
  deps: { store: EventStore; clock: Clock; ids: IdGenerator },
  input: RegisterClientInput,
  meta: RequestMeta = { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'iam-cli', surface: 'system' },
): Promise<(OAuth2Client & { clientSecret: string }) | DomainError> {
  if (!NAME.test(input.name)) return invalidArgument('name', 'must be 1-63 characters of [0-9A-Za-z-_.], starting and ending alphanumeric')
  if (input.redirectUris.length === 0) return invalidArgument('redirect-uri', 'at least one redirect URI is required')
  for (const uri of [...input.redirectUris, input.homeUri, input.loginUri, input.errorUri, input.onboardingUri]) {
    if (uri !== undefined && !validRedirectUri(uri)) return invalidArgument('redirect-uri', `${uri} is not an absolute http(s) URI without a fragment`)
  }
  const id = deps.ids.newId()
  const clientId = toUuid(id)
  const clientSecret = newSecretToken(32)
  const client: OAuth2Client = {
    clientId,
    name: input.name,
    redirectUris: [...new Set(input.redirectUris)],
    ...optional(input),
    createdAt: deps.clock.now().toISOString(),
  }
  const item: ClientItem = { ...client, secretHash: sha256Hex(clientSecret) }
  const outcome = await deps.store.append(
    [{ streamId: oauth2ClientStreamId(id), expectedVersion: 0, events: [oauth2ClientRegistered(client)] }],
    [{ kind: 'put', key: clientItemKey(id), attributes: { ...item }, ifNotExists: true, onConditionFailed: alreadyExists('oauth2_client', clientId) }],
    meta,
  )
  if (isAppendResult(outcome)) return { ...client, clientSecret }
  return isDomainError(outcome) ? outcome : alreadyExists('oauth2_client', clientId)
}

function optional(input: RegisterClientInput): Partial<OAuth2Client> {
  const { homeUri, loginUri, errorUri, onboardingUri } = input
  return Object.fromEntries(Object.entries({ homeUri, loginUri, errorUri, onboardingUri }).filter(([, value]) => value !== undefined))
}

export interface ClientDirectory {
  find(clientId: string): Promise<OAuth2Client | undefined>
  /** The client when `secret` is its secret (constant-time on the hashes). */
  authenticate(clientId: string, secret: string): Promise<OAuth2Client | undefined>
}

export function clientDirectory(dynamo: Dynamo): ClientDirectory {
  async function item(clientId: string): Promise<ClientItem | undefined> {
    if (typeof clientId !== 'string' || !normalizeId(clientId)) return undefined
    const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...clientItemKey(clientId) }, ConsistentRead: true }))
    return Item as ClientItem | undefined
  }
  const strip = ({ secretHash: _secret, pk: _pk, sk: _sk, ...client }: ClientItem & { pk?: string; sk?: string }): OAuth2Client => client
  return {
    async find(clientId) {
      const found = await item(clientId)
      return found ? strip(found) : undefined
    },
    async authenticate(clientId, secret) {
      const found = await item(clientId)
      if (!found || typeof secret !== 'string' || secret.length === 0 || secret.length > 512) return undefined
      const expected = Buffer.from(found.secretHash, 'hex')
      const actual = Buffer.from(sha256Hex(secret), 'hex')
      return expected.length === actual.length && timingSafeEqual(expected, actual) ? strip(found) : undefined
    },
  }
}
