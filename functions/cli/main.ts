// `iam …`: the admin CLI (bin/iam.mjs runs this file). With --json, stdout is exactly one JSON object (the
// result, or {"error": …}); logs and progress go to stderr. Exit codes: 0 done, 1 failed, 2 usage.
import { parseArgs } from 'node:util'
import type { AppDeps } from '../api/deps.js'
import { ConfigError, loadConfig } from '../config.js'
import { COMMANDS } from './commands.js'
import { CommandError, UsageError } from './errors.js'
import { claimStdout, createOutput } from './output.js'

const stdout = claimStdout()
// Node 20 is this project's pinned runtime; the SDK's notice about its future versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length))
  return [
    'usage: iam <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((command) => `  iam ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'The CLI works on the same tables as the server: DYNAMODB_ENDPOINT and IAM_TABLE_PREFIX (or the local server',
    'started from this directory), with the same master key file (IAM_KEY_FILE).',
    '--json prints exactly one JSON object on stdout; everything else goes to stderr.',
    '',
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  const fail = (code: number, message: string, details: Record<string, unknown> = {}, withUsage = false): number => {
    if (json) stdout(`${JSON.stringify({ error: { message, ...details } })}\n`)
    process.stderr.write(`iam: ${message}\n${withUsage ? `\n${usage()}` : ''}`)
    return code
  }

  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, name: { type: 'string' }, organization: { type: 'string' }, 'redirect-uri': { type: 'string', multiple: true }, surface: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    return fail(2, (error as Error).message, {}, true)
  }
  const { positionals, values } = parsed
  if (values.help) {
    stdout(usage())
    return 0
  }
  const command = COMMANDS.find((candidate) => candidate.words.every((word, index) => positionals[index] === word))
  if (!command) return fail(2, positionals.length === 0 ? 'no command given' : `unknown command: ${positionals.join(' ')}`, {}, true)
  const args = positionals.slice(command.words.length)
  const missing = (command.required ?? []).filter((option) => (values as Record<string, unknown>)[option] === undefined)
  if (args.length !== command.arity || missing.length > 0) return fail(2, `usage: iam ${command.usage}`)

  const out = createOutput({ json, stdout })
  let deps: AppDeps | undefined
  // Loaded only now (the AWS SDK and every projection): usage and its errors need none of it.
  const { openDeps, tableTarget } = await import('./context.js')
  try {
    const config = loadConfig()
    const target = tableTarget(config, process.env)
    out.info(`iam: tables ${target.tablePrefix}* on ${target.endpoint ?? 'DynamoDB on AWS'} (${target.source})`)
    deps = openDeps(config, target)
    const result = await command.run(deps, { args, options: { name: values.name, organization: values.organization, redirectUri: values['redirect-uri'], surface: values.surface }, out })
    out.result(result, json ? undefined : command.text?.(result))
    return 0
  } catch (error) {
    out.endProgress()
    if (error instanceof UsageError) return fail(2, error.message)
    if (error instanceof ConfigError) return fail(2, error.message, { problems: error.problems })
    if (error instanceof CommandError) return fail(1, error.message, error.details)
    if ((error as Error).name === 'MasterKeyMismatch') return fail(1, (error as Error).message)
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
    return fail(1, (error as Error).message ?? String(error))
  } finally {
    deps?.dynamo.client.destroy()
  }
}

// Exit at once: an SDK connection pool must not keep a finished command alive.
process.exit(await main(process.argv.slice(2)))
