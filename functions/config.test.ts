import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.js'

describe('configuration', () => {
  it('has defaults that make a fresh clone start', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      dataDir: undefined,
      dynamodbEndpoint: undefined,
      tablePrefix: 'iam-',
      keyFile: '.iam/master.key',
      kmsKeyId: undefined,
      bootstrapFile: '.iam/bootstrap.json',
      consistencyWaitMs: 2000,
      authFailLimit: 20,
      maxBodyBytes: 1_048_576,
      bootstrap: {},
      sweepIntervalSeconds: 300,
      auditWebhookUrl: undefined,
      sesFrom: undefined,
      scpMaxSkewMs: 300_000,
      scpEnforceSunset: false,
      scpRegion: 'kr-west1',
      scpSrnEnv: 'local',
      nscalePlatformAdminSubjects: [],
      nscaleSystemAccountRoles: new Map(),
      nscaleOidc: { accessTokenSeconds: 3600, refreshTokenDays: 90, systemProviders: [], platformClients: [], accountCreation: false, emailVerification: false },
    })
  })

  it('derives the public URL from HOST and PORT, and the key and bootstrap files from IAM_DATA_DIR', () => {
    const config = loadConfig({ HOST: '0.0.0.0', PORT: '9000', IAM_DATA_DIR: '/var/iam' })
    expect(config.publicUrl).toBe('http://0.0.0.0:9000')
    expect(config.keyFile).toBe('/var/iam/master.key')
    expect(config.bootstrapFile).toBe('/var/iam/bootstrap.json')
    expect(loadConfig({ IAM_PUBLIC_URL: 'https://iam.example.com/', IAM_KEY_FILE: '/k' })).toMatchObject({
      publicUrl: 'https://iam.example.com',
      keyFile: '/k',
    })
  })

  it('normalizes the bootstrap organization id and accepts valid bootstrap credentials', () => {
    const config = loadConfig({
      IAM_BOOTSTRAP_ORGANIZATION_ID: '11111111-1111-4111-8111-111111111111',
      IAM_BOOTSTRAP_ACCESS_KEY: 'SCWABCDEFGHIJKLMNOPQ',
      IAM_BOOTSTRAP_SECRET_KEY: '33333333-3333-4333-8333-33333333333A',
    })
    expect(config.bootstrap).toEqual({
      organizationId: '11111111111141118111111111111111',
      accessKey: 'SCWABCDEFGHIJKLMNOPQ',
      secretKey: '33333333-3333-4333-8333-33333333333a',
    })
  })

  it('fails at once naming every invalid variable, without repeating a secret', () => {
    const secret = 'not-a-uuid-but-secret'
    let error: unknown
    try {
      loadConfig({ PORT: '80x', IAM_MAX_BODY_BYTES: '0', DYNAMODB_ENDPOINT: 'localhost:8000', IAM_BOOTSTRAP_SECRET_KEY: secret, IAM_BOOTSTRAP_ACCESS_KEY: 'SCW1' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'PORT', 'IAM_BOOTSTRAP_ACCESS_KEY', 'IAM_BOOTSTRAP_SECRET_KEY', 'DYNAMODB_ENDPOINT', 'IAM_MAX_BODY_BYTES',
    ])
    expect((error as Error).message).not.toContain(secret)
  })

  it('is documented: every variable is a row of the README configuration table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const variable of CONFIG_VARIABLES) expect(readme).toMatch(new RegExp(`^\\| \`${variable.name}\` \\|`, 'm'))
  })
})
