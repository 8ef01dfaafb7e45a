// The CDK app (`npx cdk synth`; never deployed from this machine). Context: `stackName`, `tablePrefix`,
// `publicUrl`, `authorizerRoutes` (JSON), `sesFrom`, `apiSettings` (JSON: more `IAM_*` settings of the API
// functions); `-c aws:cdk:bundling-stacks=[]` skips bundling.
import { App } from 'aws-cdk-lib'
import { IamStack } from './stack.js'

const app = new App()
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key)
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A JSON value given on the command line arrives as text or, parsed, as an object. */
const jsonContext = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key)
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : context(key)
}

/** `-c apiSettings='{"IAM_NSCALE_PLATFORM_ADMIN_SUBJECTS":"ops@example.com"}'`: an object of strings. */
function apiSettingsContext(): Record<string, string> | undefined {
  const text = jsonContext('apiSettings')
  if (text === undefined) return undefined
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((entry) => typeof entry === 'string')) {
    throw new Error('apiSettings must be a JSON object of strings')
  }
  return value as Record<string, string>
}

new IamStack(app, context('stackName') ?? 'Iam', {
  description: 'Event-sourced IAM backend: Scaleway, SCP and nscale surfaces on one domain core',
  tablePrefix: context('tablePrefix'),
  publicUrl: context('publicUrl'),
  authorizerRoutes: jsonContext('authorizerRoutes'),
  sesFrom: context('sesFrom'),
  apiSettings: apiSettingsContext(),
})

app.synth()
