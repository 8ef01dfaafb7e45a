// An in-process server for end-to-end tests: the real app (every surface) on 127.0.0.1, fresh tables on the
// run's DynamoDB Local, the local projector poller, and organizations created the way the CLI creates them.
// Tests drive it over HTTP, through the official Scaleway SDK or raw fetch.
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { createClient } from '@scaleway/sdk-client'
import { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { ulid } from 'ulid'
import { inject } from 'vitest'
import { isDomainError } from '../../domain/core/errors.js'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { toUuid, type Clock } from '../../domain/core/ids.js'
import { createApp } from '../../functions/api/app.js'
import { surfaces } from '../../functions/api/surfaces.js'
import { createDeps, type AppDeps } from '../../functions/api/deps.js'
import { loadConfig } from '../../functions/config.js'
import { createOrganization } from '../../functions/core/organizations.js'
import { freePort, localClient } from '../../functions/local/dynamodbLocal.js'
import { createLocalPoller, type LocalPoller } from '../../functions/projector/index.js'
import { ensureTables, wrap } from '../../functions/store/dynamo.js'
import { tableNames } from '../../functions/store/tables.js'

export interface TestOrganization {
  organizationId: string
  ownerUserId: string
  accessKey: string
  secretKey: string
  /** The official SDK, authenticated as the organization's owner. */
  iam: Iamv1alpha1.API
}

export interface ScalewayHarness {
  baseUrl: string
  deps: AppDeps
  /** The organization created first (its owner holds every permission). */
  org: TestOrganization
  createOrganization(name?: string): Promise<TestOrganization>
  /** An SDK client with the given API key. */
  sdk(credentials: { accessKey: string; secretKey: string; organizationId: string }): Iamv1alpha1.API
  /** Raw HTTP with a secret key (X-Auth-Token); JSON body when given. */
  fetch(path: string, init?: { method?: string; secretKey?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>
  /** Waits until every projection covers the consistency token (from X-Consistency-Token). */
  settle(token: string | null | undefined, projection?: string): Promise<void>
  /** The number of events (of one type, when given) an organization's streams hold (scans the events table). */
  eventCount(organizationId: string, type?: string): Promise<number>
  close(): Promise<void>
}

/** `clock`: an injected clock (time-dependent tests move it instead of waiting). */
export async function startScalewayHarness(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<ScalewayHarness> {
  const endpoint = inject('dynamodbEndpoint')
  const port = await freePort()
  const prefix = `e2e-${ulid().toLowerCase().slice(-10)}-`
  const dataDir = mkdtempSync(join(tmpdir(), 'iam-e2e-'))
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DYNAMODB_ENDPOINT: endpoint,
    IAM_TABLE_PREFIX: prefix,
    IAM_KEY_FILE: join(dataDir, 'master.key'),
    IAM_AUTH_FAIL_LIMIT: '10000',
    ...options.env,
  })
  const dynamo = wrap(localClient(endpoint), tableNames(prefix))
  await ensureTables(dynamo.client, dynamo.tables)
  const deps = createDeps(config, dynamo, { readiness: () => ({ tables: true, projector: true }), ...(options.clock ? { clock: options.clock } : {}) })
  const poller: LocalPoller = createLocalPoller({ dynamo, projector: deps.projector, logger: deps.logger })
  await poller.start()
  const server = serve({ fetch: createApp(deps, surfaces).fetch, port, hostname: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${port}`

  const sdk = (credentials: { accessKey: string; secretKey: string; organizationId: string }) =>
    new Iamv1alpha1.API(
      createClient({ apiURL: baseUrl, accessKey: credentials.accessKey, secretKey: credentials.secretKey, defaultOrganizationId: credentials.organizationId }),
    )

  async function newOrganization(name = 'test'): Promise<TestOrganization> {
    const created = await createOrganization(
      { runner: deps.runner, ids: deps.ids, clock: deps.clock },
      {
        name,
        owner: { email: `owner-${ulid().toLowerCase()}@example.com` },
        meta: { actor: SYSTEM_ACTORS.cli, requestId: deps.ids.newUlid(), sourceIp: '127.0.0.1', userAgent: 'e2e', surface: 'system' },
      },
    )
    if (isDomainError(created)) throw new Error(`organization creation failed: ${JSON.stringify(created)}`)
    await settle(created.token)
    const organizationId = toUuid(created.organizationId)
    const credentials = { accessKey: created.accessKey, secretKey: created.secretKey, organizationId }
    return { organizationId, ownerUserId: toUuid(created.ownerUserId), accessKey: created.accessKey, secretKey: created.secretKey, iam: sdk(credentials) }
  }

  async function settle(token: string | null | undefined, projection?: string): Promise<void> {
    if (!token) return
    const names = projection ? [projection] : deps.projector.projections.map((p) => p.name)
    const caught = await Promise.all(names.map((name) => deps.projector.waitFor(name, token, 30_000)))
    const behind = names.filter((_, index) => !caught[index])
    if (behind.length > 0) throw new Error(`projections ${behind.join(', ')} did not catch up with ${token}`)
  }

  const org = await newOrganization('first')

  return {
    baseUrl,
    deps,
    org,
    createOrganization: newOrganization,
    sdk,
    settle,
    fetch: (path, init = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.secretKey ? { 'X-Auth-Token': init.secretKey } : {}),
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      }),
    eventCount: async (organizationId, type) => {
      const { ScanCommand } = await import('@aws-sdk/lib-dynamodb')
      const org = organizationId.replaceAll('-', '').toLowerCase()
      let count = 0
      let start: Record<string, unknown> | undefined
      do {
        const page = await dynamo.doc.send(
          new ScanCommand({
            TableName: dynamo.tables.events,
            FilterExpression: type === undefined ? 'begins_with(streamId, :org)' : 'begins_with(streamId, :org) AND #type = :type',
            ...(type === undefined ? {} : { ExpressionAttributeNames: { '#type': 'type' } }),
            ExpressionAttributeValues: { ':org': `${org}#`, ...(type === undefined ? {} : { ':type': type }) },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        )
        count += page.Count ?? 0
        start = page.LastEvaluatedKey
      } while (start)
      return count
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await poller.stop()
      dynamo.client.destroy()
    },
  }
}

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`
