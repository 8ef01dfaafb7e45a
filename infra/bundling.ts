// Bundles one Lambda entry point with the pinned local esbuild, exactly as the stack deploys it.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { BUNDLE_OPTIONS, entryPath, PROJECT_ROOT, type LambdaName } from './entries.js'

export interface Bundle {
  name: LambdaName
  file: string
  bytes: number
}

export const DIST_DIR = join(PROJECT_ROOT, 'dist')

export function bundleFile(name: LambdaName, outdir = DIST_DIR): string {
  return join(outdir, name, 'index.mjs')
}

export async function bundleFunction(name: LambdaName, outdir = DIST_DIR): Promise<Bundle> {
  const entry = entryPath(name)
  if (!existsSync(entry)) throw new Error(`the ${name} entry point ${entry} does not exist`)
  const file = bundleFile(name, outdir)
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: BUNDLE_OPTIONS.target,
    format: BUNDLE_OPTIONS.format,
    minify: BUNDLE_OPTIONS.minify,
    keepNames: BUNDLE_OPTIONS.keepNames,
    external: [...BUNDLE_OPTIONS.external],
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    banner: { js: BUNDLE_OPTIONS.banner },
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning',
  })
  return { name, file, bytes: statSync(file).size }
}
