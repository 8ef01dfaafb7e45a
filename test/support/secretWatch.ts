// Runs in every test worker before each file (vitest `setupFiles`): whatever the worker writes to stdout and
// stderr (the server's Powertools logs included) goes to a log file of the run, and every secret a response or a
// request body carries over `fetch` (the SDKs' and the tests' own HTTP) to a ledger file. The global teardown
// (globalSetup.ts) greps the run's logs for every secret issued (issue 5: never a secret in a log).
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSecretLedger } from '../reliability/support/secrets.js'

const directory = process.env.IAM_TEST_WATCH_DIR
const WATCHED = Symbol.for('iam.secretWatch')

if (directory && !(globalThis as Record<symbol, unknown>)[WATCHED]) {
  ;(globalThis as Record<symbol, unknown>)[WATCHED] = true
  const logFile = join(directory, `${process.pid}.log`)
  const secretFile = join(directory, `${process.pid}.secrets`)

  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      try {
        appendFileSync(logFile, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array))
      } catch {
        // The run's directory is gone (teardown): nothing left to watch.
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
    } as typeof stream.write
  }

  // What the server issued is a secret whatever its shape. What a test sent (passwords it chose) counts when it looks
  // like one: fuzzed junk in a password field ('Infinity', '../..') would match unrelated output.
  const SECRET_SHAPED = /^(?=.*[A-Za-z])(?=.*[0-9])\S{12,}$/
  const record = (value: unknown, label: string) => {
    try {
      const ledger = createSecretLedger()
      ledger.collect(value, label)
      const found = ledger.entries().filter(([secret]) => label !== 'request' || SECRET_SHAPED.test(secret))
      if (found.length > 0) appendFileSync(secretFile, found.map((entry) => `${JSON.stringify(entry)}\n`).join(''))
    } catch {
      // The run's directory is gone (teardown): nothing left to record.
    }
  }
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text)
    } catch {
      return Object.fromEntries(new URLSearchParams(text))
    }
  }
  const fetch = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    if (typeof init?.body === 'string') record(parse(init.body), 'request')
    const response = await fetch(input, init)
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      response.clone().text().then((text) => record(parse(text), `response ${response.url}`), () => {})
    }
    return response
  }
}
