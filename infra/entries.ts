// The Lambda entry points and the one set of esbuild options that the CDK stack, `npm run build` and the bench
// bundle them with (infra/bundling.ts), so a measured bundle is the deployed one.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Function name (the `dist/<name>/` folder and the CDK id) → entry file, relative to the project root. The API is
 * one function per surface behind the one HTTP API (infra/apiRoutes.ts), so each loads only its own surface.
 */
export const LAMBDA_ENTRIES = {
  'api-scaleway': 'functions/api/lambda/scaleway.ts',
  'api-scp': 'functions/api/lambda/scp.ts',
  'api-nscale': 'functions/api/lambda/nscale.ts',
  'api-authz': 'functions/api/lambda/authz.ts',
  projector: 'functions/projector/lambda.ts',
  publisher: 'functions/publisher/lambda.ts',
  sweep: 'functions/sweeps/lambda.ts',
  authorizer: 'functions/authorizer/lambda.ts',
} as const

export type LambdaName = keyof typeof LAMBDA_ENTRIES

export const API_FUNCTIONS = (Object.keys(LAMBDA_ENTRIES) as LambdaName[]).filter((name) => name.startsWith('api-'))

export function entryPath(name: LambdaName): string {
  return join(PROJECT_ROOT, LAMBDA_ENTRIES[name])
}

/** The runtime the Lambdas run on; bundles target it, not the local Node. */
export const NODE_TARGET = 'node22'

/** ESM bundles still meet CommonJS dependencies that call `require` for Node built-ins. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __iamCreateRequire } from 'node:module'; const require = __iamCreateRequire(import.meta.url);"

/**
 * The DynamoDB clients every function calls on its first request are bundled: tree-shaken ESM initialises in about
 * half the time of the runtime's CommonJS copy. The rest of the SDK (KMS, SES, EventBridge, Streams) is loaded from
 * the runtime, and only by the functions that use it. Bundle sizes are reported without the SDK's bytes.
 */
export const BUNDLED_SDK = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/util-dynamodb']

export const BUNDLE_OPTIONS = {
  target: NODE_TARGET,
  format: 'esm',
  minify: true,
  // Error class names survive minification, so logs and `error.name` stay readable.
  keepNames: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
} as const
