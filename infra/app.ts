// The CDK app (`npx cdk synth`; never deployed from this machine). Context: `stackName`, `tablePrefix`,
// `publicUrl`; `-c aws:cdk:bundling-stacks=[]` skips bundling.
import { App } from 'aws-cdk-lib'
import { IamStack } from './stack.js'

const app = new App()
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key)
  return typeof value === 'string' && value !== '' ? value : undefined
}

new IamStack(app, context('stackName') ?? 'Iam', {
  description: 'Event-sourced IAM backend: Scaleway, SCP and nscale surfaces on one domain core',
  tablePrefix: context('tablePrefix'),
  publicUrl: context('publicUrl'),
})

app.synth()
