// The Lambda entry points and the one set of esbuild options that both the CDK stack and
// `npm run build` (infra/bundle.ts) bundle them with, so a measured bundle is the deployed one.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Function name (the `dist/<name>/` folder and the CDK id) → entry file, relative to the project root. */
export const LAMBDA_ENTRIES = {
  api: 'functions/api/lambda.ts',
  projector: 'functions/projector/lambda.ts',
  publisher: 'functions/publisher/lambda.ts',
  sweep: 'functions/sweeps/lambda.ts',
  authorizer: 'functions/authorizer/lambda.ts',
} as const

export type LambdaName = keyof typeof LAMBDA_ENTRIES

export function entryPath(name: LambdaName): string {
  return join(PROJECT_ROOT, LAMBDA_ENTRIES[name])
}

/** The runtime the Lambdas run on; bundles target it, not the local Node. */
export const NODE_TARGET = 'node22'

/** ESM bundles still meet CommonJS dependencies that call `require` for Node built-ins. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __iamCreateRequire } from 'node:module'; const require = __iamCreateRequire(import.meta.url);"

export const BUNDLE_OPTIONS = {
  target: NODE_TARGET,
  format: 'esm',
  minify: true,
  // Error class names survive minification, so logs and `error.name` stay readable.
  keepNames: true,
  // The Node.js Lambda runtime provides the AWS SDK v3.
  external: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
} as const
