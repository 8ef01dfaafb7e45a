// One DynamoDB Local for the whole run; each test file makes its own table prefix (test/support/tables.ts).
// At the end, the run's logs are grepped for every secret the tests were issued (secretWatch.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodbLocal.js'
import { createSecretLedger } from '../reliability/support/secrets.js'

let local: DynamoDbLocal | undefined
let watchDir: string | undefined

export async function setup(project: TestProject): Promise<void> {
  watchDir = mkdtempSync(join(tmpdir(), 'iam-test-watch-'))
  process.env.IAM_TEST_WATCH_DIR = watchDir
  local = await startDynamoDbLocal()
  project.provide('dynamodbEndpoint', local.endpoint)
  process.env.DYNAMODB_ENDPOINT = local.endpoint
}

export async function teardown(): Promise<void> {
  await local?.stop()
  if (watchDir) {
    try {
      scanLogsForSecrets(watchDir)
    } finally {
      rmSync(watchDir, { recursive: true, force: true })
    }
  }
}

/** Fails the run (exit code 1) when the output of any worker holds a secret any test was issued. */
function scanLogsForSecrets(directory: string): void {
  const files = readdirSync(directory)
  const ledger = createSecretLedger()
  for (const file of files.filter((name) => name.endsWith('.secrets'))) {
    for (const line of readFileSync(join(directory, file), 'utf8').split('\n')) {
      if (line === '') continue
      const [value, label] = JSON.parse(line) as [string, string]
      ledger.add(value, label)
    }
  }
  let bytes = 0
  const findings = files
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => {
      const text = readFileSync(join(directory, name), 'utf8')
      bytes += text.length
      return ledger.scanText(text, `the output of test worker ${name}`)
    })
  process.stdout.write(`secret scan: ${ledger.size} secrets issued over HTTP, ${Math.round(bytes / 1024)} KB of test output, ${findings.length} findings\n`)
  if (findings.length > 0) {
    // vitest reports a teardown error without failing the run: the exit code says it.
    process.exitCode = 1
    process.stderr.write(`secret scan FAILED: ${findings.slice(0, 10).map((finding) => `${finding.label} in ${finding.where}`).join('; ')}\n`)
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string
  }
}
