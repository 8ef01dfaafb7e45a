// What every reliability suite shares: the end-to-end harness (real app, DynamoDB Local, projector), raw HTTP that
// records every secret it sees, event counts over the whole log, the resources of an organization (through the API
// where a handler exists, else through the core), and the secrets scan that closes each suite.
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { expect } from 'vitest'
import { mergeTokens } from '../../../domain/core/consistency.js'
import type { ClassifiedRoute } from '../../../functions/api/routeTable.js'
import { scalewayHandlers } from '../../../functions/api/scaleway/handlers/index.js'
import { isAppendResult } from '../../../functions/store/eventStore.js'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'
import { createGroup, createPrincipal, issueKey } from './coreFixtures.js'
import { ed25519PublicKey, type HttpRequest, type ResourceIds, unknownIds } from './requests.js'
import { captureOutput, createSecretLedger, type SecretLedger } from './secrets.js'
import * as samlCertificates from '../../fixtures/samlCertificates.js'

/**
 * The surfaces these suites drive with the kit's credentials (Scaleway API keys); SCP, nscale and the OIDC provider
 * have suites of their own (`scp.e2e.test.ts`, `nscale.e2e.test.ts`, `oidc.e2e.test.ts`) on the same route table.
 */
const KIT_SURFACES: ReadonlySet<string> = new Set(['app', 'scaleway', 'authz'])

export function kitRoutes<R extends Pick<ClassifiedRoute, 'surface'>>(routes: readonly R[]): R[] {
  return routes.filter((route) => KIT_SURFACES.has(route.surface))
}

export interface Answer {
  status: number
  text: string
  /** The parsed body, or undefined when it is not JSON. */
  json: any
  headers: Headers
}

export interface SendOptions {
  secretKey?: string
  headers?: Record<string, string>
  /** A raw body (string or bytes) instead of JSON. */
  raw?: string | Uint8Array | ReadableStream<Uint8Array>
  /** Another server on the same tables (default: the harness's). */
  baseUrl?: string
}

export interface Kit {
  h: ScalewayHarness
  ledger: SecretLedger
  send(request: HttpRequest, options?: SendOptions): Promise<Answer>
  /** Events in the whole log (every organization): a scan, the ground truth. */
  totalEvents(): Promise<number>
  /** Events the app has appended so far, counted in process at the event store: cheap, checked against the scan. */
  appended(): number
  /** True when the route's operation has a handler (else it answers 501 once authorized). */
  handled(route: ClassifiedRoute): boolean
  /** Real resources of the organization, with their ids. */
  resources(org: TestOrganization): Promise<ResourceIds>
  newOrganization(name?: string): Promise<TestOrganization>
  /**
   * The checks that close a suite: the log holds exactly the events counted in process (nothing was written around
   * the event store), and no secret issued appears in clear in any table or in the captured output.
   */
  expectCleanEnd(): Promise<void>
  close(): Promise<void>
}

export async function startKit(options: { env?: Record<string, string> } = {}): Promise<Kit> {
  const output = captureOutput()
  const h = await startScalewayHarness(options)
  const ledger = createSecretLedger()
  let appended = 0
  const append = h.deps.store.append.bind(h.deps.store)
  h.deps.store.append = async (writes, extras, meta) => {
    const outcome = await append(writes, extras, meta)
    if (isAppendResult(outcome)) appended += writes.reduce((sum, write) => sum + write.events.length, 0)
    return outcome
  }
  const initialEvents = await totalEvents()
  const remember = (org: TestOrganization) => {
    ledger.add(org.secretKey, `organization ${org.organizationId} owner key`)
    return org
  }
  remember(h.org)

  async function send(request: HttpRequest, sendOptions: SendOptions = {}): Promise<Answer> {
    const json = request.body !== undefined && sendOptions.raw === undefined
    if (json) ledger.collect(request.body, `request ${request.method} ${request.path}`)
    const response = await fetch(`${sendOptions.baseUrl ?? h.baseUrl}${request.path}`, {
      method: request.method,
      headers: {
        ...(sendOptions.secretKey ? { 'X-Auth-Token': sendOptions.secretKey } : {}),
        ...(json ? { 'Content-Type': 'application/json' } : {}),
        ...sendOptions.headers,
      },
      body: sendOptions.raw ?? (json ? JSON.stringify(request.body) : undefined),
      ...(sendOptions.raw instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit)
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    ledger.collect(parsed, `response ${request.method} ${request.path}`)
    return { status: response.status, text, json: parsed, headers: response.headers }
  }

  async function totalEvents(): Promise<number> {
    let count = 0
    let start: Record<string, unknown> | undefined
    do {
      const page = await h.deps.dynamo.doc.send(new ScanCommand({ TableName: h.deps.dynamo.tables.events, Select: 'COUNT', ExclusiveStartKey: start }))
      count += page.Count ?? 0
      start = page.LastEvaluatedKey
    } while (start)
    return count
  }

  const handled = (route: ClassifiedRoute) => route.surface !== 'scaleway' || (route.operationId ?? '') in scalewayHandlers

  /** Creates through the API when it answers 200, else through `fallback`. */
  async function viaApi(operationId: string, request: HttpRequest, org: TestOrganization, pick: (body: any) => string, fallback: () => Promise<string>): Promise<{ id: string; token?: string }> {
    if (operationId in scalewayHandlers) {
      const answer = await send(request, { secretKey: org.secretKey })
      if (answer.status === 200) return { id: pick(answer.json), token: answer.headers.get('x-consistency-token') ?? undefined }
    }
    return { id: await fallback() }
  }

  async function resources(org: TestOrganization): Promise<ResourceIds> {
    const unknown = unknownIds()
    const suffix = Math.random().toString(36).slice(2, 8)
    let token: string | undefined
    const note = (value: string | undefined) => void (value && (token = token ? mergeTokens(token, value) : value))

    const application = await viaApi('CreateApplication', { method: 'POST', path: '/iam/v1alpha1/applications', body: { name: `app-${suffix}` } }, org,
      (body) => body.id, async () => {
        const created = await createPrincipal(h.deps, org.organizationId, 'application', `app-${suffix}`)
        note(created.token)
        return created.principalId
      })
    note(application.token)
    const group = await viaApi('CreateGroup', { method: 'POST', path: '/iam/v1alpha1/groups', body: { name: `group-${suffix}` } }, org,
      (body) => body.id, async () => {
        const created = await createGroup(h.deps, org.organizationId, `group-${suffix}`)
        note(created.token)
        return created.groupId
      })
    note(group.token)
    const policy = await viaApi('CreatePolicy', {
      method: 'POST', path: '/iam/v1alpha1/policies',
      body: { name: `policy-${suffix}`, no_principal: true, rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org.organizationId }] },
    }, org, (body) => body.id, async () => unknown.policy_id)
    note(policy.token)
    const sshKey = await viaApi('CreateSSHKey', { method: 'POST', path: '/iam/v1alpha1/ssh-keys', body: { name: `key-${suffix}`, public_key: ed25519PublicKey() } }, org,
      (body) => body.id, async () => unknown.ssh_key_id)
    note(sshKey.token)
    const apiKey = await viaApi('CreateAPIKey', { method: 'POST', path: '/iam/v1alpha1/api-keys', body: { application_id: application.id, description: 'fixture' } }, org,
      (body) => body.access_key, async () => {
        const key = await issueKey(h.deps, org.organizationId, { principalId: application.id, kind: 'application' })
        ledger.add(key.secretKey, 'fixture key')
        note(key.token)
        return key.accessKey
      })
    note(apiKey.token)
    // SAML: a configuration holding one certificate (GET by id folds its stream: no settling needed).
    const saml = 'EnableOrganizationSaml' in scalewayHandlers
      ? await send({ method: 'POST', path: `/iam/v1alpha1/organizations/${org.organizationId}/saml`, body: {} }, { secretKey: org.secretKey })
      : undefined
    const samlId: string = saml?.status === 200 ? saml.json.id : unknown.saml_id
    const certificate = saml?.status === 200
      ? await send({ method: 'POST', path: `/iam/v1alpha1/saml/${samlId}/certificates`, body: { type: 'signing', content: samlCertificates.signing } }, { secretKey: org.secretKey })
      : undefined
    const certificateId: string = certificate?.status === 200 ? certificate.json.id : unknown.certificate_id
    await h.settle(token)
    let logId = unknown.log_id
    if ('ListLogs' in scalewayHandlers) {
      const logs = await send({ method: 'GET', path: '/iam/v1alpha1/logs' }, { secretKey: org.secretKey })
      if (logs.status === 200 && logs.json?.logs?.[0]?.id) logId = logs.json.logs[0].id
    }
    return {
      ...unknown,
      organization_id: org.organizationId,
      user_id: org.ownerUserId,
      application_id: application.id,
      group_id: group.id,
      policy_id: policy.id,
      ssh_key_id: sshKey.id,
      access_key: apiKey.id,
      log_id: logId,
      saml_id: samlId,
      certificate_id: certificateId,
    }
  }

  return {
    h,
    ledger,
    send,
    totalEvents,
    appended: () => appended,
    handled,
    resources,
    newOrganization: async (name) => remember(await h.createOrganization(name)),
    async expectCleanEnd() {
      expect(await totalEvents(), 'events in the log, against those appended through the event store').toBe(initialEvents + appended)
      expect(ledger.size).toBeGreaterThan(0)
      const findings = [...(await ledger.scanTables(h.deps.dynamo)), ...ledger.scanText(output.text(), 'captured logs')]
      expect(findings, 'secrets found in clear').toEqual([])
    },
    async close() {
      output.stop()
      await h.close()
    },
  }
}
