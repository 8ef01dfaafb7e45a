// The local server as `npm start` runs it, in a child process: health, bootstrap, body limit, a second
// organization created by the CLI on the same tables, the master key file shared by both, graceful stop;
// and with its own embedded DynamoDB Local: the kill test. Also: no Java, bad configuration.
import { statSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticateSecret } from '../../functions/auth/credentials.js'
import { freePort, JAVA_MISSING_MESSAGE } from '../../functions/local/dynamodbLocal.js'
import { BOOTSTRAP_MARKER } from '../../functions/local/bootstrap.js'
import { KEYRING_CANARY } from '../../functions/local/masterKeyCheck.js'
import { normalizeId } from '../../domain/core/ids.js'
import { cleanEnv, exitWithin, isRunning, runCli, startServer, tempDir, waitForHealthy, type ServerProcess } from '../support/processes.js'
import { freshTables } from '../support/tables.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// Processes start slowly on a loaded machine: each CLI run loads the whole app.
describe('the local server on a shared DynamoDB', { timeout: 180_000 }, () => {
  let tables: Awaited<ReturnType<typeof freshTables>>
  let server: ServerProcess
  let dir: string
  const maxBodyBytes = 4096
  const env = () =>
    cleanEnv({
      DYNAMODB_ENDPOINT: tables.endpoint,
      IAM_TABLE_PREFIX: tables.prefix,
      IAM_KEY_FILE: join(dir, 'keys', 'master.key'),
      IAM_MAX_BODY_BYTES: String(maxBodyBytes),
    })

  beforeAll(async () => {
    tables = await freshTables('server')
    dir = tempDir('server')
    server = startServer({ env: env(), cwd: dir, port: await freePort() })
    await waitForHealthy(server)
  })

  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL')
  })

  it('answers /healthz with 200 {"status":"ok"} once ready', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('bootstraps the first organization once, its credentials in bootstrap.json (0600), never its secret in the log', async () => {
    const file = join(dir, '.iam', 'bootstrap.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const credentials = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    expect(credentials.organization_id).toMatch(UUID)
    expect(credentials.owner_user_id).toMatch(UUID)
    expect(credentials.access_key).toMatch(/^SCW[A-Z0-9]{17}$/)
    expect(credentials.secret_key).toMatch(UUID)
    // The other surfaces' owner credentials, created with the organization.
    expect(credentials.scp_access_key_id).toMatch(/^[0-9a-f]{32}$/)
    expect(credentials.scp_secret_key).toMatch(UUID)
    expect(credentials.nscale_token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const marker = await tables.doc.send(new GetCommand({ TableName: tables.tables.state, Key: BOOTSTRAP_MARKER, ConsistentRead: true }))
    expect(marker.Item?.organizationId).toBe(normalizeId(credentials.organization_id as string))
    const authenticated = await authenticateSecret(tables, credentials.secret_key as string, new Date())
    expect(authenticated).toMatchObject({ ok: true, principal: { organizationId: normalizeId(credentials.organization_id as string) } })

    const logged = server.logs().find((line) => line.message === 'bootstrapped the first organization')
    expect(logged).toMatchObject({ organizationId: credentials.organization_id, accessKey: credentials.access_key, credentialsFile: '.iam/bootstrap.json' })
    for (const secret of [credentials.secret_key, credentials.scp_secret_key, credentials.nscale_token]) {
      expect(server.stdout() + server.stderr()).not.toContain(secret)
    }
  })

  it('refuses a body over IAM_MAX_BODY_BYTES with 413 before any route reads it', async () => {
    // A path no surface claims: surfaces answer their own 413, in their own error shape.
    const response = await fetch(`${server.url}/healthz`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(maxBodyBytes) }),
    })
    expect(response.status).toBe(413)
  })

  it('lets the CLI create a second organization on the same tables, whose API key then authenticates', async () => {
    const run = await runCli(['organizations', 'create', '--name', 'second', '--json'], { env: env(), cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    const created = JSON.parse(run.stdout) as Record<string, string>
    expect(Object.keys(created).sort()).toEqual(['access_key', 'nscale_token', 'organization_id', 'owner_user_id', 'scp_access_key_id', 'scp_secret_key', 'secret_key'])
    expect(created.organization_id).toMatch(UUID)
    expect(created.owner_user_id).toMatch(UUID)
    const bootstrapped = JSON.parse(readFileSync(join(dir, '.iam', 'bootstrap.json'), 'utf8')) as Record<string, string>
    expect(created.organization_id).not.toBe(bootstrapped.organization_id)
    const authenticated = await authenticateSecret(tables, created.secret_key as string, new Date())
    expect(authenticated).toMatchObject({ ok: true, principal: { organizationId: normalizeId(created.organization_id as string) } })
  })

  it('shares IAM_KEY_FILE with the CLI: the secret the server sealed, the CLI opens; another key file is refused', async () => {
    // The server created the key file (0600) and sealed the canary with it at start; the CLI run above opened it.
    expect(statSync(join(dir, 'keys', 'master.key')).mode & 0o777).toBe(0o600)
    const canary = await tables.doc.send(new GetCommand({ TableName: tables.tables.state, Key: KEYRING_CANARY, ConsistentRead: true }))
    expect(canary.Item?.wrapper).toBe('local')

    const run = await runCli(['organizations', 'create', '--name', 'third', '--json'], {
      env: { ...env(), IAM_KEY_FILE: join(dir, 'other', 'master.key') },
      cwd: dir,
    })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { message: expect.stringContaining('IAM_KEY_FILE') } })
  })

  it('stops on SIGTERM within 10 s with exit code 0', async () => {
    server.child.kill('SIGTERM')
    expect(await exitWithin(server.exited, 10_000)).toEqual({ code: 0, signal: null })
    expect(server.logs().map((line) => line.message)).toContain('stopped')
  })
})

describe('the local server with its embedded DynamoDB Local', () => {
  let server: ServerProcess
  let javaPid: number | undefined

  beforeAll(async () => {
    server = startServer({ env: cleanEnv(), cwd: tempDir('kill'), port: await freePort() })
    await waitForHealthy(server)
    javaPid = server.logs().find((line) => line.message === 'DynamoDB Local started')?.pid as number | undefined
  })

  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL')
    if (javaPid && isRunning(javaPid)) process.kill(javaPid, 'SIGKILL')
  })

  it('takes DynamoDB Local down with it within 10 s when it is killed outright', async () => {
    expect(javaPid).toBeTypeOf('number')
    expect(isRunning(javaPid as number)).toBe(true)

    server.child.kill('SIGKILL')
    await server.exited
    const gone = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (isRunning(javaPid as number)) return
        clearInterval(poll)
        resolve()
      }, 100)
    })
    await exitWithin(gone, 10_000)
  })
})

describe('the local server refuses to start', () => {
  it('at once, saying how to install a JRE, when java is missing and no DYNAMODB_ENDPOINT is set', async () => {
    const server = startServer({ env: cleanEnv({ PATH: tempDir('nojava') }), cwd: tempDir('nojava-cwd'), port: await freePort() })
    expect((await server.exited).code).toBe(1)
    expect(server.stderr()).toContain(JAVA_MISSING_MESSAGE)
  })

  it('naming the variable, when the configuration is invalid', async () => {
    const server = startServer({ env: cleanEnv({ IAM_CONSISTENCY_WAIT_MS: 'soon' }), cwd: tempDir('badconfig'), port: await freePort() })
    expect((await server.exited).code).toBe(2)
    expect(server.stderr()).toContain('IAM_CONSISTENCY_WAIT_MS must be an integer')
  })
})
