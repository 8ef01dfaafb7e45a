// The wire layer through the official client over real HTTP (@hono/node-server on 127.0.0.1): the SDK parses
// our bodies into its typed errors and its resources, pages with `.all()`, and sends what the schemas accept.
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createClient, Errors } from '@scaleway/sdk-client'
import { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notFound } from '../../../domain/core/errors.js'
import { normalizeId, systemClock, ulidIds } from '../../../domain/core/ids.js'
import type { RequestMeta } from '../../../domain/core/ports.js'
import { defineHandlers, operation, paging, scalewayApp, type Principal } from '../../../functions/api/scaleway/index.js'

const ORG = '11111111-1111-4111-8111-111111111111'
const SECRET = '33333333-3333-4333-8333-333333333333'
const principal: Principal = { organizationId: normalizeId(ORG)!, kind: 'user', id: normalizeId('22222222-2222-4222-8222-222222222222')!, method: 'api_key' }
const created = new Date('2026-04-30T08:00:00.000Z')

const applications = Array.from({ length: 5 }, (_, i) => ({
  id: `0190f2a4c7e37d3a9b1e2f3a4b5c000${i}`,
  name: `app${i}`,
  description: '',
  created_at: new Date(created.getTime() + i * 1000),
  updated_at: created,
  organization_id: principal.organizationId,
  editable: true,
  deletable: true,
  managed: false,
  nb_api_keys: 0,
  tags: [],
}))

let lastMeta: RequestMeta | undefined

const handlers = defineHandlers(
  operation('GetApplication', async ({ input }) => notFound('application', input.params.application_id)),
  operation('ListApplications', async ({ input, organizationId }) => {
    const page = paging.paginate(applications, {
      filter: (app) => app.organization_id === organizationId,
      orderBy: input.query.order_by,
      sortKeys: { created_at: (app) => app.created_at, updated_at: (app) => app.updated_at, name: (app) => app.name },
      tieBreaker: (app) => app.id,
      page: input.query.page,
      pageSize: input.query.page_size,
    })
    return { body: { applications: page.items, total_count: page.total_count } }
  }),
  operation('CreateApplication', async ({ input, organizationId, meta }) => {
    lastMeta = meta
    return {
      body: { ...applications[0]!, name: input.body.name, description: input.body.description, organization_id: organizationId, tags: input.body.tags },
    }
  }),
)

let server: ServerType
let iam: Iamv1alpha1.API
let anonymous: Iamv1alpha1.API

beforeAll(async () => {
  const app = scalewayApp({
    clock: systemClock,
    ids: ulidIds,
    authenticate: async (secret) =>
      secret === SECRET ? principal : { kind: 'unauthenticated', method: 'api_key', reason: 'not_found', message: 'unknown API key' },
    authorize: async () => undefined,
    handlers,
    services: {} as never, // these handlers read no store
  })
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port))
  })
  const settings = { apiURL: `http://127.0.0.1:${port}`, defaultOrganizationId: ORG }
  iam = new Iamv1alpha1.API(createClient({ ...settings, accessKey: 'SCWXXXXXXXXXXXXXXXXX', secretKey: SECRET }))
  anonymous = new Iamv1alpha1.API(createClient({ ...settings, accessKey: 'SCWXXXXXXXXXXXXXXXXX', secretKey: '44444444-4444-4444-8444-444444444444' }))
})

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
})

describe('the official SDK against the wire layer', () => {
  it('parses a 501 into a plain ScalewayError carrying our message', async () => {
    const error = await iam.listJWTs({ audienceId: principal.id }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Errors.ScalewayError)
    expect(error).not.toBeInstanceOf(Errors.ResourceNotFoundError)
    expect((error as Errors.ScalewayError).status).toBe(501)
    expect((error as Errors.ScalewayError).rawMessage).toBe('ListJWTs is not implemented yet')
  })

  it('parses a 404 into ResourceNotFoundError with the resource and its id', async () => {
    const error = await iam.getApplication({ applicationId: '0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c6d7e' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Errors.ResourceNotFoundError)
    expect(error).toMatchObject({ resource: 'application', resourceId: '0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c6d7e' })
  })

  it('parses validation failures into InvalidArgumentsError (the SDK does not check names itself)', async () => {
    const error = await iam.createApplication({ name: 'bad/name', description: '' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Errors.InvalidArgumentsError)
    expect((error as Errors.InvalidArgumentsError).details).toMatchObject([{ argumentName: 'name', reason: 'format' }])
  })

  it('parses an unknown secret into DeniedAuthenticationError', async () => {
    const error = await anonymous.listApplications({}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Errors.DeniedAuthenticationError)
    expect(error).toMatchObject({ method: 'api_key', reason: 'not_found' })
  })

  it('reads rendered resources: dates become Dates, ids UUIDs, the default organization is sent', async () => {
    const app = await iam.createApplication({ name: 'ci runner', description: 'builds', tags: ['env=ci'] })
    expect(app).toMatchObject({ name: 'ci runner', description: 'builds', organizationId: ORG, tags: ['env=ci'], nbApiKeys: 0 })
    expect(app.createdAt).toBeInstanceOf(Date)
    expect(app.id).toBe('0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c0000')
    expect(lastMeta).toMatchObject({ actor: { kind: 'user', id: principal.id }, sourceIp: '127.0.0.1', surface: 'scaleway' })
    expect(lastMeta!.userAgent).toMatch(/^scaleway-sdk-js\//)
    expect(lastMeta!.requestId).toMatch(/^[0-9A-Z]{26}$/)
  })

  it('pages with .all() from total_count and page sizes', async () => {
    const all = await iam.listApplications({ pageSize: 2, orderBy: 'created_at_desc' }).all()
    expect(all.map((app) => app.name)).toEqual(['app4', 'app3', 'app2', 'app1', 'app0'])
  })
})
