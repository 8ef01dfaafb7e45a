// `npm run bench [-- --quick]`: runs every module in bench/figures and writes .bench/results.json,
// an array of {name, value, unit, note}. A figure module exports `run(options): Promise<Figure[]>`.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchContext, Figure } from './harness.js'
import { withBenchDynamo } from './harness.js'

const here = dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length)

const modules = readdirSync(join(here, 'figures'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .filter((file) => !only || file.startsWith(only))
  .sort()

const results: Figure[] = []
await withBenchDynamo(async (context: BenchContext) => {
  for (const file of modules) {
    const module = (await import(pathToFileURL(join(here, 'figures', file)).href)) as { run: (c: BenchContext) => Promise<Figure[]> }
    const started = Date.now()
    process.stderr.write(`bench: ${file} …\n`)
    const figures = await module.run({ ...context, quick })
    for (const figure of figures) process.stderr.write(`  ${figure.name} = ${figure.value} ${figure.unit}  (${figure.note})\n`)
    process.stderr.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
    results.push(...figures)
  }
})

const out = join(here, '..', '.bench', 'results.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
process.stderr.write(`bench: wrote ${results.length} figures to ${out}\n`)
