// The API as Lambda runs it: functions/api/lambda/scaleway.ts (each surface's Lambda is built alike) invoked with API Gateway HTTP API (payload 2.0) events,
// on DynamoDB Local tables of its own.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshTables } from '../support/tables.js'

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>

const MAX_BODY_BYTES = 1024
const scratch = mkdtempSync(join(tmpdir(), 'iam-api-lambda-'))
const saved: Record<string, string | undefined> = {}
let handler: Handler

beforeAll(async () => {
  const tables = await freshTables('lambda')
  // The Lambda reads its configuration from the environment once, at init, as it does on AWS.
  const environment = {
    DYNAMODB_ENDPOINT: tables.endpoint,
    IAM_TABLE_PREFIX: tables.prefix,
    IAM_PUBLIC_URL: 'https://iam.example.test',
    IAM_KEY_FILE: join(scratch, 'master.key'),
    IAM_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  }
  for (const [name, value] of Object.entries(environment)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
  ;({ handler } = (await import('../../functions/api/lambda/scaleway.js')) as unknown as { handler: Handler })
})

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  rmSync(scratch, { recursive: true, force: true })
})

function httpEvent(method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com'
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: domainName, 'user-agent': 'vitest', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'Ab1cD2eFgHIEMkQ=',
      routeKey: '$default',
      stage: '$default',
      time: '24/Nov/2026:21:00:00 +0000',
      timeEpoch: 1_795_554_000_000,
    },
    body: options.body,
    isBase64Encoded: false,
  }
}

const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'iam-api' } as Context

describe('the API Lambda handler', () => {
  it('answers the health probe through an API Gateway v2 event', async () => {
    const response = await handler(httpEvent('GET', '/healthz'), context)
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' })
  })

  it("uses API Gateway's request id as the request id", async () => {
    const response = await handler(httpEvent('GET', '/healthz'), context)
    const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
    expect(headers['x-request-id']).toBe('Ab1cD2eFgHIEMkQ=')
  })

  it('refuses a body over IAM_MAX_BODY_BYTES with 413', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) })
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length) }
    const response = await handler(httpEvent('POST', '/iam/v1alpha1/users', { body, headers }), context)
    expect(response.statusCode).toBe(413)
  })
})
