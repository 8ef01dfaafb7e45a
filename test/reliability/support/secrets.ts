// Every secret the suites issue (API secret keys, passwords, tokens, OTP seeds) goes into a ledger; after a suite,
// every table and the captured logs are scanned for each of them in clear (DESIGN §4). Hashes are fine.
import { BatchGetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { globalKeys } from '../../../domain/core/globalItems.js'
import type { Dynamo } from '../../../functions/store/dynamo.js'
import { sha256Hex } from '../../../functions/store/secrets.js'

/** Response and request fields that carry secret material. */
const SECRET_FIELDS = new Set([
  'secret_key', 'secretKey', 'password', 'token', 'secret', 'totp_secret', 'otp_secret', 'secret_base32', 'seed', 'provisioning_uri',
  'scp_secret_key', 'nscale_token', 'access_token', 'refresh_token', 'renew_token', 'id_token', 'client_secret', 'new_password',
])
/** Shorter values (a six-digit code) would match by chance and prove nothing. */
const MIN_LENGTH = 8

export interface Finding {
  label: string
  where: string
}

export interface SecretLedger {
  add(value: string | undefined, label: string): void
  /** Records every secret-bearing field of a JSON value (a response body, a request body). */
  collect(value: unknown, label: string): void
  readonly size: number
  /** The recorded secrets as `[value, label]`. */
  entries(): Array<[string, string]>
  scanText(text: string, where: string): Finding[]
  /**
   * Scans every item of the three tables for the ledger's secrets, and for any stored string that is itself a live
   * secret (its SHA-256 is a credential lookup key), which catches secrets the ledger never saw.
   */
  scanTables(dynamo: Dynamo): Promise<Finding[]>
}

export function createSecretLedger(): SecretLedger {
  const secrets = new Map<string, string>()

  const add = (value: string | undefined, label: string) => {
    if (typeof value === 'string' && value.length >= MIN_LENGTH) secrets.set(value, label)
  }

  /** Every rendering a careless writer could store: as issued, in either case, a UUID without its dashes. */
  const variants = (): Array<[string, string]> => {
    const out: Array<[string, string]> = []
    for (const [secret, label] of secrets) {
      for (const variant of new Set([secret, secret.toLowerCase(), secret.toUpperCase(), secret.replaceAll('-', '').toLowerCase()])) {
        if (variant.length >= MIN_LENGTH) out.push([variant, label])
      }
    }
    return out
  }

  // A finding quotes the text around the secret, the secret itself masked, so that the leak can be found.
  const scanText = (text: string, where: string): Finding[] =>
    variants()
      .filter(([variant]) => text.includes(variant))
      .map(([variant, label]) => {
        const at = text.indexOf(variant)
        const around = `${text.slice(Math.max(0, at - 100), at)}***${text.slice(at + variant.length, at + variant.length + 60)}`
        return { label, where: `${where} (…${around.replace(/\s+/g, ' ')}…)` }
      })

  return {
    add,
    collect(value, label) {
      walk(value, (key, field) => {
        if (SECRET_FIELDS.has(key) && typeof field === 'string') add(field, `${label}.${key}`)
      })
    },
    get size() {
      return secrets.size
    },
    entries: () => [...secrets],
    scanText,
    async scanTables(dynamo) {
      const findings: Finding[] = []
      const strings = new Map<string, string>()
      for (const [name, table] of Object.entries(dynamo.tables)) {
        let start: Record<string, unknown> | undefined
        do {
          const page = await dynamo.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }))
          for (const item of page.Items ?? []) {
            const where = `${name} ${String(item.pk ?? item.streamId)}/${String(item.sk ?? item.version)}`
            findings.push(...scanText(JSON.stringify(item), where))
            walk(item, (_, field) => {
              if (typeof field === 'string' && field.length >= 16 && field.length <= 512 && !strings.has(field)) strings.set(field, where)
            })
          }
          start = page.LastEvaluatedKey
        } while (start)
      }
      findings.push(...(await liveSecrets(dynamo, strings)))
      return findings
    },
  }
}

/** Stored strings that authenticate: their SHA-256 (as stored, or lower-cased) is a `~cred#` lookup key. */
async function liveSecrets(dynamo: Dynamo, strings: ReadonlyMap<string, string>): Promise<Finding[]> {
  const findings: Finding[] = []
  const byHash = new Map<string, string>()
  for (const [value, where] of strings) for (const form of new Set([value, value.toLowerCase()])) byHash.set(sha256Hex(form), where)
  const hashes = [...byHash.keys()]
  for (let offset = 0; offset < hashes.length; offset += 100) {
    const keys = hashes.slice(offset, offset + 100).map((hash) => ({ ...globalKeys.credentialBySecretHash(hash) }))
    let request: Record<string, { Keys: Array<Record<string, unknown>> }> | undefined = { [dynamo.tables.state]: { Keys: keys } }
    while (request && Object.keys(request).length > 0) {
      const out = await dynamo.doc.send(new BatchGetCommand({ RequestItems: request }))
      for (const item of out.Responses?.[dynamo.tables.state] ?? []) {
        findings.push({ label: 'a stored value that authenticates as a credential', where: byHash.get(String(item.pk).slice('~cred#'.length)) ?? '?' })
      }
      request = out.UnprocessedKeys as typeof request
    }
  }
  return findings
}

/** Visits every key and value of a JSON value, iteratively: fuzzed bodies nest deeper than the call stack. */
function walk(value: unknown, visit: (key: string, field: unknown) => void): void {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (Array.isArray(next)) for (const item of next) pending.push(item)
    else if (typeof next === 'object' && next !== null) {
      for (const [key, field] of Object.entries(next)) {
        visit(key, field)
        pending.push(field)
      }
    }
  }
}

/** Tees what this process writes to stdout and stderr (the Powertools logger writes there), from now on. */
export function captureOutput(): { text(): string; stop(): void } {
  const chunks: string[] = []
  const streams = [process.stdout, process.stderr]
  const originals = streams.map((stream) => stream.write)
  for (const stream of streams) {
    const original = stream.write
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'))
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
    } as typeof stream.write
  }
  return {
    text: () => chunks.join(''),
    stop: () => streams.forEach((stream, index) => void (stream.write = originals[index] as typeof stream.write)),
  }
}
