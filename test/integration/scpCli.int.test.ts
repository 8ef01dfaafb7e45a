// `iam organizations create` prints the owner's SCP access key, and `iam credentials create --surface scp` makes
// another: both authenticate as the owner, their secrets sealed (never stored in clear).
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { normalizeId } from '../../domain/core/ids.js'
import { authenticateAccessKey } from '../../functions/auth/credentials.js'
import { cleanEnv, runCli, tempDir, type Env } from '../support/processes.js'
import { freshTables } from '../support/tables.js'

const SLOW = { timeout: 180_000 }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

let tables: Awaited<ReturnType<typeof freshTables>>
let env: Env
let dir: string

beforeAll(async () => {
  tables = await freshTables('scpcli')
  dir = tempDir('scpcli')
  env = cleanEnv({ DYNAMODB_ENDPOINT: tables.endpoint, IAM_TABLE_PREFIX: tables.prefix, IAM_KEY_FILE: join(dir, 'master.key') })
})

describe('SCP credentials from the CLI', SLOW, () => {
  it('prints the owner SCP key at creation and makes more with credentials create --surface scp', async () => {
    const created = await runCli(['organizations', 'create', '--name', 'Scp', '--json'], { env, cwd: dir })
    expect(created.code, created.stderr).toBe(0)
    const organization = JSON.parse(created.stdout) as Record<string, string>
    expect(organization.scp_access_key_id).toMatch(/^[0-9a-f]{32}$/)
    expect(organization.scp_secret_key).toMatch(UUID)

    const issued = await runCli(['credentials', 'create', '--organization', organization.organization_id!, '--surface', 'scp', '--json'], { env, cwd: dir })
    expect(issued.code, issued.stderr).toBe(0)
    const key = JSON.parse(issued.stdout) as Record<string, string>
    expect(key).toEqual({ organization_id: normalizeId(organization.organization_id!), scp_access_key_id: expect.stringMatching(/^[0-9a-f]{32}$/), scp_secret_key: expect.stringMatching(UUID) })

    for (const accessKey of [organization.scp_access_key_id!, key.scp_access_key_id!]) {
      const found = await authenticateAccessKey(tables, accessKey, new Date())
      expect(found).toMatchObject({ ok: true, principal: { principal: { kind: 'scp_access_key', principalId: normalizeId(organization.owner_user_id!) }, sealedSecret: expect.stringMatching(/^k1\./) } })
      expect(JSON.stringify(found)).not.toContain(organization.scp_secret_key)
    }
  })

  it('refuses an unknown surface as a usage error', async () => {
    const run = await runCli(['credentials', 'create', '--organization', '0'.repeat(32), '--surface', 'nope', '--json'], { env, cwd: dir })
    expect(run.code).toBe(2)
  })
})
