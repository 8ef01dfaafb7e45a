// `npm run load [-- --quick]`: autocannon over loopback against the app served in this process (every surface, the
// local projector, DynamoDB Local), per route group — checks, lists, creates — and a realistic mix of the three.
// Reports `load.<group>.{rps,p50_ms,p99_ms,errors}` (errors = connection errors + timeouts + non-2xx answers) and
// merges them into .bench/results.json, replacing earlier load figures. Bounded in time: ~10 s per group (3 s quick).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { ulid } from 'ulid'
import { mergeTokens } from '../domain/core/consistency.js'
import { isDomainError } from '../domain/core/errors.js'
import { toUuid } from '../domain/core/ids.js'
import { createApp } from '../functions/api/app.js'
import { surfaces } from '../functions/api/surfaces.js'
import { createDeps } from '../functions/api/deps.js'
import { loadConfig } from '../functions/config.js'
import { createOrganization } from '../functions/core/organizations.js'
import { freePort, localClient } from '../functions/local/dynamodbLocal.js'
import { createLocalPoller } from '../functions/projector/index.js'
import { ensureTables, wrap } from '../functions/store/dynamo.js'
import { tableNames } from '../functions/store/tables.js'
import { withBenchDynamo, type Figure } from './harness.js'

/** The part of autocannon's API used here (it ships no types). */
interface LoadRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
  setupRequest?: (request: LoadRequest) => LoadRequest
}
interface LoadResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number }
  errors: number
  timeouts: number
  non2xx: number
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests: LoadRequest[] }) => Promise<LoadResult> & { stop?: () => void }
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const quick = process.argv.includes('--quick')
const DURATION_S = quick ? 3 : 10
const CONNECTIONS = 16
/** Organizations the creations rotate over, so that no quota (100 applications each) stops them. */
const ORGANIZATIONS = quick ? 8 : 30

interface Owner {
  organizationId: string
  userId: string
  secretKey: string
}

const here = dirname(fileURLToPath(import.meta.url))
const figures: Figure[] = []

await withBenchDynamo(async ({ endpoint }) => {
  const prefix = `load-${ulid().toLowerCase().slice(-10)}-`
  const config = loadConfig({
    DYNAMODB_ENDPOINT: endpoint,
    IAM_TABLE_PREFIX: prefix,
    IAM_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'iam-load-')), 'master.key'),
    IAM_AUTH_FAIL_LIMIT: '1000000',
  })
  const dynamo = wrap(localClient(endpoint), tableNames(prefix))
  await ensureTables(dynamo.client, dynamo.tables)
  const deps = createDeps(config, dynamo, { readiness: () => ({ tables: true, projector: true }) })
  // One access-log line per request would measure the terminal.
  deps.logger.setLogLevel('WARN')
  const poller = createLocalPoller({ dynamo, projector: deps.projector, logger: deps.logger })
  await poller.start()
  const port = await freePort()
  const server = serve({ fetch: createApp(deps, surfaces).fetch, port, hostname: '127.0.0.1' })
  const url = `http://127.0.0.1:${port}`

  try {
    process.stderr.write(`load: ${ORGANIZATIONS} organizations …\n`)
    const owners: Owner[] = []
    for (let i = 0; i < ORGANIZATIONS; i++) {
      const created = await createOrganization({ runner: deps.runner, ids: deps.ids, clock: deps.clock }, { name: `load-${i}`, owner: {} })
      if (isDomainError(created)) throw new Error(JSON.stringify(created))
      for (const projection of deps.projector.projections) await deps.projector.waitFor(projection.name, created.token, 30_000)
      owners.push({ organizationId: toUuid(created.organizationId), userId: toUuid(created.ownerUserId), secretKey: created.secretKey })
    }
    const [first] = owners as [Owner]
    const auth = (owner: Owner) => ({ 'X-Auth-Token': owner.secretKey, 'Content-Type': 'application/json' })

    // Something to list: 20 groups and 20 applications in the first organization, projected before the load.
    const tokens: string[] = []
    for (let i = 0; i < 20; i++) {
      for (const path of ['/iam/v1alpha1/groups', '/iam/v1alpha1/applications']) {
        const response = await fetch(`${url}${path}`, { method: 'POST', headers: auth(first), body: JSON.stringify({ name: `seed-${i}` }) })
        if (response.status !== 200) throw new Error(`seeding ${path}: ${response.status} ${await response.text()}`)
        tokens.push(response.headers.get('x-consistency-token') ?? '')
      }
    }
    const seeded = mergeTokens(...tokens)
    for (const projection of deps.projector.projections) await deps.projector.waitFor(projection.name, seeded, 30_000)

    const check: LoadRequest = {
      method: 'POST', path: '/authz/v1/check', headers: auth(first),
      body: JSON.stringify({
        principal: { organization_id: first.organizationId, kind: 'user', id: first.userId },
        checks: [{ action: 'iam:groups:list', resource: `org/${first.organizationId.replaceAll('-', '')}` }],
      }),
    }
    const lists: LoadRequest[] = ['/iam/v1alpha1/groups', '/iam/v1alpha1/applications', '/iam/v1alpha1/users', '/iam/v1alpha1/policies']
      .map((path) => ({ method: 'GET', path: `${path}?page_size=20`, headers: auth(first) }))
    let creations = 0
    const create: LoadRequest = {
      method: 'POST', path: '/iam/v1alpha1/applications', body: JSON.stringify({ name: 'load' }),
      // Round-robin over the organizations: each holds 100 applications.
      setupRequest: (request) => ({ ...request, headers: auth(owners[creations++ % owners.length]!) }),
    }

    const groups: Record<string, { requests: LoadRequest[]; note: string }> = {
      checks: { requests: [check], note: 'POST /authz/v1/check, one check' },
      lists: { requests: lists, note: 'GET groups, applications, users, policies (page_size 20)' },
      creates: { requests: [create], note: 'POST /iam/v1alpha1/applications over several organizations' },
      mixed: { requests: [check, lists[0]!, check, lists[1]!, check, create, check, lists[2]!, check, lists[3]!], note: '50% checks, 40% lists, 10% creates' },
    }
    for (const [name, group] of Object.entries(groups)) {
      process.stderr.write(`load: ${name} (${DURATION_S} s, ${CONNECTIONS} connections) …\n`)
      const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests: group.requests })
      const note = `${group.note}; ${CONNECTIONS} connections, ${DURATION_S} s, ${result.requests.total} requests, in-process server, access log at WARN`
      const errors = result.errors + result.timeouts + result.non2xx
      figures.push(
        { name: `load.${name}.rps`, value: Math.round(result.requests.average), unit: 'req/s', note },
        { name: `load.${name}.p50_ms`, value: result.latency.p50, unit: 'ms', note },
        { name: `load.${name}.p99_ms`, value: result.latency.p99, unit: 'ms', note },
        { name: `load.${name}.errors`, value: errors, unit: 'count', note: `${note}; ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts` },
      )
      for (const figure of figures.slice(-4)) process.stderr.write(`  ${figure.name} = ${figure.value} ${figure.unit}\n`)
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await poller.stop()
    dynamo.client.destroy()
  }
})

const out = join(here, '..', '.bench', 'results.json')
mkdirSync(dirname(out), { recursive: true })
const earlier = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Figure[]).filter((figure) => !figure.name.startsWith('load.')) : []
writeFileSync(out, `${JSON.stringify([...earlier, ...figures], null, 2)}\n`)
process.stderr.write(`load: wrote ${figures.length} figures to ${out}\n`)
