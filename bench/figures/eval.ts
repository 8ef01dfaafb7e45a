// eval.p50_us: the in-memory evaluator on 100 statements (compiled once, as a warm check does).
// eval.speedup_vs_cedar: the same 100 statements translated to Cedar policies, decided by @cedar-policy/cedar-wasm
// with a preparsed policy set (statefulIsAuthorized) in this process; both must agree on every sample request,
// decision and deciding statements alike, or the module fails.
import { preparsePolicySet, statefulIsAuthorized, type Context } from '@cedar-policy/cedar-wasm/nodejs'
import { compileStatements, evaluate, type AuthzRequest } from '../../domain/authz/evaluate.js'
import { scopePatterns } from '../../domain/authz/resource.js'
import type { OperatorBlock, Statement } from '../../domain/authz/statement.js'
import { percentile, type BenchContext, type Figure } from '../harness.js'

const ORG = 'org/0b6f3b1c9a1e4e2f8a7d6c5b4a392817'
const PROJECTS = [0, 1, 2, 3, 4].map((i) => `${ORG}/project/5d7e1c0a2b3f4e5d6c7b8a9f0e1d2c3${i}`)
const SERVICES = ['iam', 'instance', 'k8s', 'objectstorage', 'rdb', 'lb', 'domain', 'secretmanager', 'billing', 'account']
const VERBS = ['List', 'Get', 'Create', 'Update', 'Delete']
const NOUNS = ['Item', 'Config']
const ACTIONS = SERVICES.flatMap((service) => VERBS.flatMap((verb) => NOUNS.map((noun) => `${service}:${verb}${noun}`)))
const BATCH = 10

/** A small deterministic generator, so every run measures the same workload. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

const CONDITIONS: OperatorBlock[] = [
  { IpAddress: { 'request:ip': '10.0.0.0/8' } },
  { StringLike: { 'request:user_agent': 'terraform/*' } },
  { Bool: { 'x:mfa': true } },
  { NumericLessThan: { 'x:risk': 50 } },
  { StringEquals: { 'x:region': ['fr-par', 'nl-ams'] } },
  { StringNotEquals: { 'x:region': 'pl-waw' } },
  { StringEqualsIfExists: { 'x:region': 'fr-par' }, Bool: { 'x:mfa': true } },
]

export function workload(): Statement[] {
  const next = random(7)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  return Array.from({ length: 100 }, (_, i): Statement => {
    const service = SERVICES[i % SERVICES.length] as string
    const serviceActions = ACTIONS.filter((action) => action.startsWith(`${service}:`))
    const scope = scopePatterns(next() < 0.1 ? ORG : pick(PROJECTS))
    const source = { surface: 'scaleway' as const, policyId: `p${i}`, policyVersion: 1 }
    if (i < 50) return { effect: 'allow', actions: [pick(serviceActions), pick(serviceActions)], resources: scope, source }
    if (i < 65) return { effect: 'allow', actions: [pick([`${service}:Get*`, `${service}:*Config`, `${service}:List*`])], resources: scope, source }
    if (i < 80) return { effect: 'allow', actions: [`${service}:*`], resources: scope, condition: { kind: 'operators', block: pick(CONDITIONS) }, source }
    if (i < 85) return { effect: 'allow', notActions: [`${service}:Delete*`], resources: scope, source }
    if (i < 90) return { effect: 'deny', actions: [`${service}:Delete*`], resources: scopePatterns(pick(PROJECTS)), source }
    if (i < 95) {
      return { effect: 'deny', actions: [`${service}:*`], resources: [`${ORG}/*`], condition: { kind: 'operators', block: { NotIpAddressIfExists: { 'request:ip': '10.0.0.0/8' }, Bool: { 'x:mfa': false } } }, source }
    }
    return { effect: 'deny', actions: [`${service}:Update*`], notResources: scopePatterns(pick(PROJECTS)), source }
  })
}

export function sampleRequests(count: number): AuthzRequest[] {
  const next = random(11)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  return Array.from({ length: count }, () => {
    const action = pick(ACTIONS)
    const where = next()
    const scope = where < 0.75 ? pick(PROJECTS) : where < 0.9 ? ORG : 'org/ffffffffffffffffffffffffffffffff'
    const context: Record<string, string | number | boolean> = {}
    if (next() < 0.9) context['request:ip'] = next() < 0.7 ? `10.${Math.floor(next() * 255)}.0.7` : '203.0.113.9'
    if (next() < 0.9) context['request:user_agent'] = next() < 0.5 ? 'terraform/1.7.5' : 'curl/8.5'
    if (next() < 0.8) context['x:mfa'] = next() < 0.6
    if (next() < 0.8) context['x:risk'] = Math.floor(next() * 100)
    if (next() < 0.8) context['x:region'] = pick(['fr-par', 'nl-ams', 'pl-waw'])
    return { action, resource: `${scope}/${action.split(':')[0]}/item/i${Math.floor(next() * 1000)}`, context }
  })
}

// ---------- translation to Cedar (the operators and shapes the workload uses) ----------

const literal = (text: string) => JSON.stringify(text)
const attribute = (key: string) => `context[${literal(key)}]`
const like = (subject: string, pattern: string) =>
  pattern.includes('*') ? `${subject} like ${literal(pattern).replace(/\\\*/g, '*')}` : `${subject} == ${literal(pattern)}`
const anyOf = (parts: string[]) => `(${parts.join(' || ')})`

function cedarCondition(block: OperatorBlock): string {
  const tests: string[] = []
  for (const [operator, keys] of Object.entries(block)) {
    const ifExists = operator.endsWith('IfExists')
    const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator
    for (const [key, raw] of Object.entries(keys)) {
      const values = Array.isArray(raw) ? raw : [raw]
      const value = attribute(key)
      let test: string
      let onMissing = ifExists
      switch (base) {
        case 'StringEquals':
          test = anyOf(values.map((v) => `${value} == ${literal(String(v))}`))
          break
        case 'StringNotEquals':
          test = `!${anyOf(values.map((v) => `${value} == ${literal(String(v))}`))}`
          onMissing = true
          break
        case 'StringLike':
          test = anyOf(values.map((v) => like(value, String(v))))
          break
        case 'Bool':
          test = anyOf(values.map((v) => `${value} == ${String(v)}`))
          break
        case 'NumericLessThan':
          test = anyOf(values.map((v) => `${value} < ${Number(v)}`))
          break
        case 'IpAddress':
          test = anyOf(values.map((v) => `${value}.isInRange(ip(${literal(String(v))}))`))
          break
        case 'NotIpAddress':
          test = `!${anyOf(values.map((v) => `${value}.isInRange(ip(${literal(String(v))}))`))}`
          onMissing = true
          break
        default:
          throw new Error(`no Cedar translation for ${operator}`)
      }
      tests.push(onMissing ? `(!(context has ${literal(key)}) || ${test})` : `(context has ${literal(key)} && ${test})`)
    }
  }
  return tests.join(' && ')
}

export function toCedar(statement: Statement): string {
  const actions = anyOf((statement.actions ?? statement.notActions ?? []).map((p) => like('context.action', p.toLowerCase())))
  const resources = anyOf((statement.resources ?? statement.notResources ?? []).map((p) => like('context.resource', p)))
  const when = [statement.actions ? actions : `!${actions}`, statement.resources ? resources : `!${resources}`]
  if (statement.condition?.kind === 'operators') when.push(cedarCondition(statement.condition.block))
  if (statement.condition?.kind === 'cel') throw new Error('no Cedar translation for CEL')
  return `${statement.effect === 'allow' ? 'permit' : 'forbid'}(principal, action, resource) when { ${when.join(' && ')} };`
}

function cedarContext(request: AuthzRequest): Context {
  const context: Context = { action: request.action.toLowerCase(), resource: request.resource }
  for (const [key, value] of Object.entries(request.context ?? {})) {
    if (value === undefined || Array.isArray(value)) continue
    context[key] = key === 'request:ip' ? { __extn: { fn: 'ip', arg: value } } : value
  }
  return context
}

// ---------- measurement ----------

/** Per-call µs samples: each sample times a batch of BATCH consecutive distinct requests (timer overhead stays out). */
function timeCalls(requests: readonly unknown[], rounds: number, call: (index: number) => void): number[] {
  const samples: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (let start = 0; start + BATCH <= requests.length; start += BATCH) {
      const t0 = performance.now()
      for (let i = start; i < start + BATCH; i++) call(i)
      samples.push(((performance.now() - t0) * 1000) / BATCH)
    }
  }
  return samples
}

export async function run(context: BenchContext): Promise<Figure[]> {
  const statements = workload()
  const requests = sampleRequests(context.quick ? 500 : 2000)
  const compiled = compileStatements(statements)

  const policySetId = 'eval-bench'
  const policies = Object.fromEntries(statements.map((statement, i) => [`p${i}`, toCedar(statement)]))
  const parsed = preparsePolicySet(policySetId, { staticPolicies: policies })
  if (parsed.type !== 'success') throw new Error(`Cedar refused the policies: ${JSON.stringify(parsed.errors)}`)
  const cedarContexts = requests.map(cedarContext)
  const entity = (type: string, id: string) => ({ type, id })
  const cedarDecide = (i: number) =>
    statefulIsAuthorized({
      principal: entity('User', 'caller'),
      action: entity('Action', 'call'),
      resource: entity('Resource', 'target'),
      context: cedarContexts[i] as Context,
      entities: [],
      preparsedPolicySetId: policySetId,
    })

  const decisions = { allowed: 0, explicit_deny: 0, implicit_deny: 0 }
  requests.forEach((request, i) => {
    const ours = evaluate(compiled, request)
    decisions[ours.reason]++
    const answer = cedarDecide(i)
    if (answer.type !== 'success') throw new Error(`Cedar failed: ${JSON.stringify(answer.errors)}`)
    const { decision, diagnostics } = answer.response
    if (diagnostics.errors.length > 0) throw new Error(`Cedar policy errors: ${JSON.stringify(diagnostics.errors)}`)
    const ourIds = ours.matched.map((m) => m.source.policyId).sort()
    const cedarIds = [...diagnostics.reason].sort()
    if (decision !== ours.decision || ourIds.join() !== cedarIds.join()) {
      throw new Error(`decisions differ on ${JSON.stringify(request)}: ours ${ours.decision} ${ourIds} / Cedar ${decision} ${cedarIds}`)
    }
  })

  const rounds = context.quick ? 20 : 100
  timeCalls(requests, 5, (i) => evaluate(compiled, requests[i] as AuthzRequest))
  const ours = timeCalls(requests, rounds, (i) => evaluate(compiled, requests[i] as AuthzRequest))
  timeCalls(requests, 1, cedarDecide)
  const cedar = timeCalls(requests, context.quick ? 2 : 5, cedarDecide)
  const oursP50 = percentile(ours, 50)
  const cedarP50 = percentile(cedar, 50)
  const mix = `${decisions.allowed} allowed / ${decisions.explicit_deny} explicit deny / ${decisions.implicit_deny} implicit deny`
  return [
    {
      name: 'eval.p50_us',
      value: Number(oursP50.toFixed(2)),
      unit: 'µs',
      note: `100 statements (10 services, wildcards, NotAction/NotResource, 15 conditional), ${requests.length} requests (${mix}); p50 of per-call means over batches of ${BATCH} requests; target ≤ 20`,
    },
    {
      name: 'eval.speedup_vs_cedar',
      value: Number((cedarP50 / oursP50).toFixed(1)),
      unit: 'x',
      note: `Cedar statefulIsAuthorized p50 ${cedarP50.toFixed(1)} µs vs ours ${oursP50.toFixed(2)} µs; same decisions and deciding policies on all ${requests.length} requests; target ≥ 5`,
    },
  ]
}
