// `npm run build` (after tsc): bundles every Lambda entry point to dist/<function>/index.mjs and prints sizes.
import { relative } from 'node:path'
import { bundleFunction } from './bundling.js'
import { LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from './entries.js'

const names = Object.keys(LAMBDA_ENTRIES) as LambdaName[]
const results = await Promise.allSettled(names.map((name) => bundleFunction(name)))

let failed = false
results.forEach((result, index) => {
  const name = names[index] as LambdaName
  if (result.status === 'fulfilled') {
    const kb = (result.value.bytes / 1024).toFixed(1)
    process.stdout.write(`${name.padEnd(12)} ${kb.padStart(9)} KB  ${relative(PROJECT_ROOT, result.value.file)}\n`)
  } else {
    failed = true
    process.stderr.write(`${name}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}\n`)
  }
})
if (failed) process.exitCode = 1
