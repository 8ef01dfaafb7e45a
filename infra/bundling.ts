// Bundles one Lambda entry point with the pinned local esbuild, exactly as the stack deploys it: the same
// function serves `npm run build`, the bench and the CDK assets (through infra/bundle.ts as a child process,
// since CDK's local bundling is synchronous and esbuild plugins need the asynchronous API).
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Metafile, type Plugin } from 'esbuild'
import { BUNDLE_OPTIONS, BUNDLED_SDK, entryPath, PROJECT_ROOT, type LambdaName } from './entries.js'

export interface Bundle {
  name: LambdaName
  file: string
  /** The whole file. */
  bytes: number
  /** Bytes of the bundled AWS SDK (and its Smithy runtime) within `bytes`. */
  sdkBytes: number
}

export const DIST_DIR = join(PROJECT_ROOT, 'dist')

/** `<outdir>/<name>/index.mjs`, or `<outdir>/index.mjs` when `flat` (a CDK asset directory). */
export function bundleFile(name: LambdaName, outdir = DIST_DIR, flat = false): string {
  return flat ? join(outdir, 'index.mjs') : join(outdir, name, 'index.mjs')
}

export async function bundleFunction(name: LambdaName, outdir = DIST_DIR, options: { flat?: boolean } = {}): Promise<Bundle> {
  const entry = entryPath(name)
  if (!existsSync(entry)) throw new Error(`the ${name} entry point ${entry} does not exist`)
  const file = bundleFile(name, outdir, options.flat)
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: BUNDLE_OPTIONS.target,
    format: BUNDLE_OPTIONS.format,
    minify: BUNDLE_OPTIONS.minify,
    keepNames: BUNDLE_OPTIONS.keepNames,
    plugins: [bundleSdkClients, zodEnglishOnly],
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    banner: { js: BUNDLE_OPTIONS.banner },
    absWorkingDir: PROJECT_ROOT,
    metafile: true,
    logLevel: 'warning',
  })
  return { name, file, bytes: statSync(file).size, sdkBytes: sdkBytesOf(result.metafile) }
}

const SDK_PATH = /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws)\//

function sdkBytesOf(metafile: Metafile): number {
  const [output] = Object.values(metafile.outputs)
  return Object.entries(output?.inputs ?? {}).reduce((sum, [path, input]) => sum + (SDK_PATH.test(path) ? input.bytesInOutput : 0), 0)
}

/** `@aws-sdk/*` stays external (the runtime's) except the DynamoDB clients of BUNDLED_SDK. */
const bundleSdkClients: Plugin = {
  name: 'bundle-sdk-clients',
  setup(plugin) {
    plugin.onResolve({ filter: /^@aws-sdk\// }, async (args) => {
      if (args.pluginData === 'bundled-sdk') return undefined
      const bundled = BUNDLED_SDK.some((name) => args.path === name || args.path.startsWith(`${name}/`)) || args.importer.includes('/node_modules/')
      if (!bundled) return { path: args.path, external: true }
      return plugin.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'bundled-sdk' })
    })
  },
}

/**
 * zod re-exports every locale (`z.locales`), about 250 KB that nothing here uses: errors are rendered in English
 * by each surface. The locale index resolves to English alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    )
    plugin.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)}`,
      resolveDir: PROJECT_ROOT,
      loader: 'js',
    }))
  },
}
