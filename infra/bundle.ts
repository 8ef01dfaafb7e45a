// `npm run build` (after tsc): bundles every Lambda entry point to dist/<function>/index.mjs and prints sizes.
// `tsx infra/bundle.ts <function> <directory>` bundles one function to <directory>/index.mjs (the CDK asset).
import { relative } from 'node:path'
import { bundleFunction } from './bundling.js'
import { LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from './entries.js'

const [only, assetDir] = process.argv.slice(2)
if (only !== undefined) {
  if (!(only in LAMBDA_ENTRIES) || !assetDir) {
    process.stderr.write(`usage: infra/bundle.ts [<${Object.keys(LAMBDA_ENTRIES).join('|')}> <directory>]\n`)
    process.exit(2)
  }
  await bundleFunction(only as LambdaName, assetDir, { flat: true })
} else {
  const names = Object.keys(LAMBDA_ENTRIES) as LambdaName[]
  const results = await Promise.allSettled(names.map((name) => bundleFunction(name)))
  let failed = false
  results.forEach((result, index) => {
    const name = names[index] as LambdaName
    if (result.status === 'fulfilled') {
      const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(9)
      const { bytes, sdkBytes, file } = result.value
      process.stdout.write(`${name.padEnd(14)} ${kb(bytes - sdkBytes)} KB (+${kb(sdkBytes).trim()} KB of AWS SDK)  ${relative(PROJECT_ROOT, file)}\n`)
    } else {
      failed = true
      process.stderr.write(`${name}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}\n`)
    }
  })
  if (failed) process.exitCode = 1
}
