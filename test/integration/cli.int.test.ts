// The admin CLI as `npx iam` runs it, on tables of the test run's DynamoDB Local: stdout discipline with --json,
// exit codes, organizations create, projections list/rebuild/repair, outbox.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { authenticateSecret } from '../../functions/auth/credentials.js'
import { normalizeId, systemClock, toUuid, ulidIds } from '../../domain/core/ids.js'
import { createOutboxNotifier } from '../../functions/notify/index.js'
import { cleanEnv, runCli, tempDir, type Env } from '../support/processes.js'
import { freshTables } from '../support/tables.js'

// Each CLI run is a fresh Node process loading the whole app: seconds each, many more on a loaded machine.
const SLOW = { timeout: 180_000 }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

let tables: Awaited<ReturnType<typeof freshTables>>
let env: Env
let dir: string

beforeAll(async () => {
  tables = await freshTables('cli')
  dir = tempDir('cli')
  env = cleanEnv({ DYNAMODB_ENDPOINT: tables.endpoint, IAM_TABLE_PREFIX: tables.prefix, IAM_KEY_FILE: join(dir, 'master.key') })
  // Something in the log for the projection commands to work on.
  const run = await runCli(['organizations', 'create', '--name', 'Seed', '--json'], { env, cwd: dir })
  expect(run.code, run.stderr).toBe(0)
})

/** stdout must be exactly one JSON object and a newline. */
function onlyJson(stdout: string): Record<string, unknown> {
  expect(stdout.endsWith('\n')).toBe(true)
  expect(stdout.trimEnd().split('\n')).toHaveLength(1)
  const value = JSON.parse(stdout) as unknown
  expect(value).toBeTypeOf('object')
  return value as Record<string, unknown>
}

describe('iam organizations create', SLOW, () => {
  it('prints one JSON object with the new ids as UUIDs and a secret that authenticates', async () => {
    const run = await runCli(['organizations', 'create', '--name', 'Acme', '--json'], { env, cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    const created = onlyJson(run.stdout)
    expect(created).toEqual({
      organization_id: expect.stringMatching(UUID),
      owner_user_id: expect.stringMatching(UUID),
      access_key: expect.stringMatching(/^SCW[A-Z0-9]{17}$/),
      secret_key: expect.stringMatching(UUID),
      scp_access_key_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      scp_secret_key: expect.stringMatching(UUID),
      nscale_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    })
    const authenticated = await authenticateSecret(tables, created.secret_key as string, new Date())
    expect(authenticated).toMatchObject({
      ok: true,
      principal: { organizationId: normalizeId(created.organization_id as string), principalId: normalizeId(created.owner_user_id as string) },
    })
    // The nscale token is a service account's of the same organization.
    expect(await authenticateSecret(tables, created.nscale_token as string, new Date())).toMatchObject({
      ok: true,
      principal: { organizationId: normalizeId(created.organization_id as string), principalKind: 'service_account', kind: 'nscale_service_account_token' },
    })
  })

  it('without --name is a usage error: exit 2, usage on stderr, and with --json one error object on stdout', async () => {
    const run = await runCli(['organizations', 'create', '--json'], { env, cwd: dir })
    expect(run.code).toBe(2)
    expect(onlyJson(run.stdout)).toEqual({ error: { message: expect.stringContaining('--name NAME') } })
    const plain = await runCli(['organizations', 'create'], { env, cwd: dir })
    expect(plain.code).toBe(2)
    expect(plain.stdout).toBe('')
  })
})

describe('iam projections', SLOW, () => {
  it('lists the projections with their versions', async () => {
    const run = await runCli(['projections', 'list', '--json'], { env, cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expect(onlyJson(run.stdout).projections).toContainEqual({ name: 'auditLog', version: expect.any(Number) })
  })

  it('rebuilds a projection into a new version with progress on stderr, then repairs it', async () => {
    const rebuilt = await runCli(['projections', 'rebuild', 'auditLog', '--json'], { env, cwd: dir })
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    const result = onlyJson(rebuilt.stdout)
    expect(result).toMatchObject({ projection: 'auditLog', events: expect.any(Number) })
    expect(result.to_version as number).toBeGreaterThan(result.from_version as number)
    expect(result.events as number).toBeGreaterThan(0)
    expect(rebuilt.stderr).toContain('auditLog scan')

    const listed = await runCli(['projections', 'list', '--json'], { env, cwd: dir })
    expect(onlyJson(listed.stdout).projections).toContainEqual({ name: 'auditLog', version: result.to_version })

    const repaired = await runCli(['projections', 'repair', 'auditLog', '--json'], { env, cwd: dir })
    expect(repaired.code, repaired.stderr).toBe(0)
    expect(onlyJson(repaired.stdout)).toMatchObject({ projection: 'auditLog', version: result.to_version, repaired_streams: 0 })
  })

  it('refuses an unknown projection, naming the known ones', async () => {
    const run = await runCli(['projections', 'rebuild', 'nope', '--json'], { env, cwd: dir })
    expect(run.code).toBe(2)
    expect(onlyJson(run.stdout)).toEqual({ error: { message: expect.stringContaining('auditLog') } })
  })
})

describe('iam outbox', SLOW, () => {
  it("prints the local outbox's notifications of an organization, ids as UUIDs", async () => {
    const organizationId = ulidIds.newId()
    await createOutboxNotifier(tables, { clock: systemClock, ids: ulidIds }).send({
      organizationId,
      to: 'ada@example.com',
      template: 'welcome',
      data: { username: 'ada' },
    })
    const run = await runCli(['outbox', '--organization', toUuid(organizationId), '--json'], { env, cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expect(onlyJson(run.stdout)).toEqual({
      entries: [
        {
          id: expect.any(String),
          organization_id: toUuid(organizationId),
          to: 'ada@example.com',
          template: 'welcome',
          subject: 'Welcome',
          data: { username: 'ada' },
          created_at: expect.any(String),
        },
      ],
    })
  })
})

describe('iam usage', SLOW, () => {
  it('answers an unknown command with the usage on stderr and exit 2', async () => {
    const run = await runCli(['frobnicate'], { env, cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('usage: iam <command>')
    expect(run.stderr).toContain('organizations create --name NAME')
  })

  it('says where to find tables when there is no DYNAMODB_ENDPOINT, no local server and no AWS region', async () => {
    const run = await runCli(['projections', 'list'], { env: cleanEnv(), cwd: tempDir('cli-nowhere') })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('DYNAMODB_ENDPOINT')
  })
})
