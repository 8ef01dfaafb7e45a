// Fuzzing every route of the route table (issue 6): generated bodies, query strings and path ids — wrong types,
// huge strings, deep nesting, unicode, nulls, duplicate keys, invalid UTF-8, broken percent-encoding — sent with a
// valid credential, so that validation and handlers are reached. Never a 5xx (an operation without a handler may
// answer 501); after a refusal nothing was appended; bodies over IAM_MAX_BODY_BYTES get 413 before parsing.
// Seeded and bounded: IAM_FUZZ_RUNS per route (20 by default; `npm run fuzz` runs 2000), IAM_FUZZ_SEED.
import { request as httpRequest } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeToken } from '../../domain/core/consistency.js'
import { normalizeId } from '../../domain/core/ids.js'
import { organizationStreamId } from '../../domain/core/organization/evolve.js'
import { ROUTE_TABLE as ALL_ROUTES, type ClassifiedRoute } from '../../functions/api/routeTable.js'
import { DOCUMENTED } from '../reliability/support/documented.js'
import { kitRoutes, startKit, type Answer, type Kit } from '../reliability/support/kit.js'
import { fillPath, sampleRequest, type ResourceIds } from '../reliability/support/requests.js'

/** The kit's surfaces; SCP, nscale and OIDC routes are fuzzed by their own suites. */
const ROUTE_TABLE = kitRoutes(ALL_ROUTES)

const RUNS = Number(process.env.IAM_FUZZ_RUNS ?? 20)
const SEED = Number(process.env.IAM_FUZZ_SEED ?? 20260501)
/** Per route: a long run (`npm run fuzz`) takes longer than vitest's default minute. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 250)
const MAX_BODY_BYTES = 1_048_576
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

interface Fuzzed {
  path: string
  query: string
  body?: string | Uint8Array
  contentType?: string
  headers: Record<string, string>
}

interface Shape {
  bodyKeys: string[]
  queryKeys: string[]
}

// ------------------------------------------------------------------------------------------ arbitraries

const NASTY = [
  '', ' ', '\u0000', '\ud800', '\uffff', '../..', '..%2F..', '%00', 'null', 'true', 'false', '0', '-1', '1e309', 'NaN', 'Infinity',
  '[]', '{}', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:ldap://x}', '__proto__', 'constructor', 'toString', '\u202e\u0627',
  '0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c6d7e', '0190F2A4C7E37D3A9B1E2F3A4B5C6D7E', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'SCWXXXXXXXXXXXXXXXXX',
  '2026-02-31T25:61:61Z', '9999-12-31T23:59:59.999999999+14:00', '1.5s', '-5s', '99999999999999999999s',
]

const huge = fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'x'.repeat(length))
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: huge },
)
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(Number.MAX_SAFE_INTEGER + 2))
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.uuid(), { minLength: 900, maxLength: 1_200 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 4 }) },
)

/** Deep nesting, in JSON text: arrays, objects, or a field holding it. */
const deep = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('array', 'object')).map(([depth, kind]) =>
  kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
)

function bodies(shape: Shape, sample: unknown): fc.Arbitrary<Fuzzed['body']> {
  const base = (typeof sample === 'object' && sample !== null ? sample : {}) as Record<string, unknown>
  const keys = [...new Set([...shape.bodyKeys, ...Object.keys(base), '__proto__', 'unknown_field'])]
  const key = fc.constantFrom(...keys)
  const json = (object: unknown) => JSON.stringify(object)
  const literal = (item: unknown) => JSON.stringify(item) ?? 'null'
  return fc.oneof(
    // The valid request with one or more fields replaced.
    { weight: 5, arbitrary: fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }).map((changes) => json({ ...base, ...changes })) },
    { weight: 2, arbitrary: fc.dictionary(key, value, { maxKeys: 6 }).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.tuple(key, deep).map(([field, nested]) => `{"${field}":${nested}}`) },
    { weight: 1, arbitrary: deep },
    // Duplicate keys: JSON.parse keeps the last; validation must see one value.
    { weight: 1, arbitrary: fc.tuple(key, scalar, scalar).map(([field, first, second]) => `${json(base).slice(0, -1)}${Object.keys(base).length ? ',' : ''}"${field}":${literal(first)},"${field}":${literal(second)}}`) },
    // Invalid UTF-8 inside a string field.
    { weight: 1, arbitrary: fc.tuple(key, fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([field, bytes]) =>
      Buffer.concat([Buffer.from(`{"${field}":"`), Buffer.from([0xff, 0xfe, 0xc3, ...bytes]), Buffer.from('"}')])) },
    { weight: 1, arbitrary: fc.string().map((rest) => `{${rest}`) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'null', '[]', '"x"', '1', 'true', '{"a":1}{"b":2}', '\ufeff{}') },
  )
}

const percentGarbage = fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%80', '%FF%FE', '%u0041', '%%', '%2', '%00')
/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD) of all but unreserved ASCII characters. */
const percentEncoded = (raw: string) =>
  [...Buffer.from(raw, 'utf8')].map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`)).join('')
const encodedText = text.map((raw) => percentEncoded(raw.length > 4_000 ? raw.slice(0, 4_000) : raw))

function pathValue(valid: string | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(percentEncoded(valid ?? 'x')) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 4, arbitrary: encodedText.filter((segment) => segment.length > 0) },
    { weight: 1, arbitrary: percentGarbage },
    { weight: 1, arbitrary: fc.constantFrom('a%2Fb', '.', '..', '%2e%2e', '~', '*', ':id') },
  )
}

function queries(shape: Shape, sampleQuery: string): fc.Arbitrary<string> {
  const keys = [...new Set([...shape.queryKeys, 'organization_id', 'page', 'page_size', 'order_by', '__proto__', 'x'])]
  const pair = fc.tuple(fc.constantFrom(...keys), fc.oneof({ weight: 5, arbitrary: encodedText }, { weight: 1, arbitrary: percentGarbage }))
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(sampleQuery) },
    { weight: 4, arbitrary: fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.map(([name, raw]) => `${name}=${raw}`).join('&')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...keys), fc.integer({ min: 2, max: 1_200 })).map(([name, count]) => Array.from({ length: count }, (_, i) => `${name}=${i}`).join('&')) },
    { weight: 1, arbitrary: fc.string().map((raw) => raw.replace(/[#\s]/g, '')) },
  )
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 300 })

/** Headers the surfaces read: consistency tokens (garbage, or positions already reached), idempotency keys, request ids. */
function headers(reached: string): fc.Arbitrary<Record<string, string>> {
  const token = fc.oneof(
    printable,
    fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
    fc.constant(reached),
    fc.array(fc.constant(reached), { minLength: 2, maxLength: 40 }).map((tokens) => tokens.join(',')),
  )
  return fc.record(
    { 'X-Consistency-Token': token, 'Idempotency-Key': fc.oneof(printable, fc.constant('')), 'X-Request-Id': printable, 'User-Agent': printable },
    { requiredKeys: [] },
  ).map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value.trim() === value)))
}

function requests(route: ClassifiedRoute, shape: Shape, ids: ResourceIds, reached: string): fc.Arbitrary<Fuzzed> {
  const sample = route.operationId ? sampleRequest(route, ids) : undefined
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string)
  const path = fc
    .tuple(...names.map((name) => pathValue((ids as unknown as Record<string, string>)[name])))
    .map((values) => route.path.replace(/\{([^}]+)\}/g, () => values.shift() ?? 'x'))
  const sampleQuery = sample?.path.split('?')[1] ?? ''
  const body = WRITES.has(route.method) ? bodies(shape, sample?.body) : fc.constant(undefined)
  const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x')
  return fc.record({ path: names.length ? path : fc.constant(route.path), query: queries(shape, sampleQuery), body, contentType, headers: headers(reached) })
}

/**
 * Sends a large body on a connection of its own (the server stops reading at the limit and closes it), and resolves
 * with the response, or undefined when the connection broke before one arrived.
 */
function oversized(url: string, method: string, secretKey: string, body: string, chunked: boolean): Promise<{ status: number; text: string } | undefined> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'X-Auth-Token': secretKey, 'Content-Type': 'application/json' }
    if (!chunked) headers['Content-Length'] = Buffer.byteLength(body)
    const request = httpRequest(url, { method, headers, agent: false }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => void (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
      response.on('error', () => resolve({ status: response.statusCode ?? 0, text }))
    })
    request.on('error', () => resolve(undefined))
    for (let offset = 0; offset < body.length; offset += 65_536) request.write(body.slice(offset, offset + 65_536))
    request.end()
  })
}

// ------------------------------------------------------------------------------------------ the suite

describe('fuzzing every route', () => {
  let kit: Kit
  let ids: ResourceIds
  /** A consistency token of a position every projection has passed. */
  let reached: string
  const shapes = new Map<string, Shape>()
  let requestsSent = 0
  const statuses = new Map<number, number>()

  beforeAll(async () => {
    kit = await startKit()
    ids = await kit.resources(kit.h.org)
    reached = encodeToken([[organizationStreamId(normalizeId(kit.h.org.organizationId)!), 1]])
    for (const document of ['/iam/v1alpha1/openapi.json', '/authz/v1/openapi.json']) {
      const { json } = await kit.send({ method: 'GET', path: document })
      for (const [path, operations] of Object.entries<Record<string, any>>(json.paths)) {
        for (const [method, operation] of Object.entries<any>(operations)) {
          const schema = operation.requestBody?.content?.['application/json']?.schema
          const resolved = schema?.$ref ? json.components.schemas[schema.$ref.split('/').pop()] : schema
          shapes.set(`${method.toUpperCase()} ${path}`, {
            bodyKeys: Object.keys(resolved?.properties ?? {}),
            queryKeys: (operation.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name),
          })
        }
      }
    }
  })

  afterAll(async () => {
    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')
    console.log(`fuzz: ${requestsSent} requests over ${ROUTE_TABLE.length} routes (${RUNS} runs per route, seed ${SEED}): ${histogram}`)
    await kit?.expectCleanEnd()
    await kit?.close()
  })

  async function send(route: ClassifiedRoute, fuzzed: Fuzzed): Promise<Answer> {
    requestsSent++
    const headers: Record<string, string> = { ...fuzzed.headers, 'X-Auth-Token': kit.h.org.secretKey }
    if (fuzzed.contentType) headers['Content-Type'] = fuzzed.contentType
    return kit.send(
      { method: route.method, path: `${fuzzed.path}${fuzzed.query ? `?${fuzzed.query}` : ''}` },
      { headers, ...(fuzzed.body !== undefined ? { raw: fuzzed.body } : {}) },
    ).then((answer) => {
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      return answer
    })
  }

  function expectSound(route: ClassifiedRoute, answer: Answer): void {
    const label = `${answer.status} ${answer.text.slice(0, 300)}`
    if (answer.status === 501) expect(kit.handled(route), `501 from an operation that has a handler: ${label}`).toBe(false)
    else expect(answer.status, label).toBeLessThan(500)
    // Every error the app answers is JSON in its surface's shape; 431 comes from Node's HTTP parser, before the app.
    if (answer.status >= 400 && answer.status !== 431) {
      expect(answer.headers.get('content-type'), `an error in the surface's shape: ${label}`).toMatch(/^application\/json/)
      expect(typeof answer.json?.type, `an error in the surface's shape: ${label}`).toBe('string')
    }
  }

  it.each(ROUTE_TABLE.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', async (_, route: ClassifiedRoute) => {
    const shape = shapes.get(`${route.method} ${route.path}`) ?? { bodyKeys: [], queryKeys: [] }
    const scanned = await kit.totalEvents()
    const appendedBefore = kit.appended()
    await fc.assert(
      fc.asyncProperty(requests(route, shape, ids, reached), async (fuzzed) => {
        const before = kit.appended()
        const answer = await send(route, fuzzed)
        expectSound(route, answer)
        if (answer.status >= 400) expect(kit.appended(), `events appended by a refused request: ${answer.status} ${answer.text.slice(0, 200)}`).toBe(before)
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: RUNS > 100 },
    )
    const appended = kit.appended() - appendedBefore
    if (!WRITES.has(route.method)) expect(appended, 'events appended by reads').toBe(0)
    // The in-process count is checked against the log itself.
    expect(await kit.totalEvents()).toBe(scanned + appended)
  }, TIMEOUT_MS)

  const withBodies = ROUTE_TABLE.filter((route) => route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH')

  it.each(withBodies.map((route) => [`${route.method} ${route.path}`, route] as const))('refuses a body over IAM_MAX_BODY_BYTES with 413 before parsing: %s', async (_, route: ClassifiedRoute) => {
    const path = fillPath(route.path, ids as unknown as Record<string, string>)
    const before = await kit.totalEvents()
    const unparsable = `{${'x'.repeat(MAX_BODY_BYTES)}`
    const valid = JSON.stringify({ ...(sampleRequest(route, ids).body as object), padding: 'x'.repeat(MAX_BODY_BYTES) })
    for (const [kind, body, chunked] of [['unparsable', unparsable, false], ['valid JSON', valid, false], ['chunked, no Content-Length', valid, true]] as const) {
      const answer = await oversized(`${kit.h.baseUrl}${path}`, route.method, kit.h.org.secretKey, body, chunked)
      // Without a Content-Length the limit is found while reading: the server answers 413 and stops reading, which a
      // client still sending may see as a reset instead. Either way the body never reaches a parser.
      if (answer === undefined && chunked) continue
      expect(answer?.status, `${kind}: ${answer?.text.slice(0, 200)}`).toBe(413)
      expect(JSON.parse(answer!.text).type, kind).toBe(DOCUMENTED[route.surface]![413])
    }
    expect(await kit.totalEvents()).toBe(before)
  })
})
