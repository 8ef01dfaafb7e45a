// The check and the effective grants (issue 3):
//   check.dynamodb_requests        warm check, worst case over principals in 1, 10 and 100 groups holding 10 to
//                                  1,000 statements (target 1)
//   check.dynamodb_requests_cold   the same with an empty compiled-policy cache (target ≤ 2)
//   grants.item_kb                 the largest grants item of those principals
//   check.p50_ratio_vs_getitem     a full check (of the largest case, a deny that scans every statement of the
//   check.p99_ratio_vs_getitem     service) against a bare consistent GetItem of the same grants item (target ≤ 1.2)
//   grants.fanout_ms_per_member    a policy attached to a group of 1,000 members (100 with --quick), projected
//                                  until every member's grants hold it, per member
//   revocation.lag_p99_ms          removal from a group until a fresh check (no token) denies, through the local
//                                  stream poller as `npm start` runs it (target ≤ 1000)
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { organizationResource, projectResource } from '../../domain/authz/resource.js'
import { PERMISSION_SETS } from '../../domain/scaleway/catalogue/index.js'
import type { Rule } from '../../domain/scaleway/policy/events.js'
import { createChecker, createCompiledCache, type CheckRequest } from '../../functions/authz/index.js'
import { readGrants } from '../../functions/authz/grantsRead.js'
import { batchGet, keyId } from '../../functions/projector/dynamoBatch.js'
import { startLocalPoller } from '../../functions/projector/poller.js'
import { modelItemKey } from '../../functions/projector/keys.js'
import { createProjector, type Projector } from '../../functions/projector/projector.js'
import { ensureTables, wrap, type Dynamo } from '../../functions/store/dynamo.js'
import { tableNames } from '../../functions/store/tables.js'
import { effectiveGrants, EFFECTIVE_GRANTS, FACTS, grantsKey, grantsOf } from '../../projections/effectiveGrants/index.js'
import { dynamoSize } from '../../projections/effectiveGrants/size.js'
import { GrantsScenario, newId, rule } from '../../test/integration/grants.fixtures.js'
import { alternatingRatio, countRequests, localClient, percentile, type BenchContext, type Figure } from '../harness.js'

const PROJECT_SETS = PERMISSION_SETS.filter((set) => set.scopeType === 'projects').map((set) => set.name)

/** (groups, statements): with 100 groups each holds a policy, so 100 statements is the fewest. */
const CASES: ReadonlyArray<[number, number]> = [[1, 10], [1, 1000], [10, 10], [10, 1000], [100, 100], [100, 1000]]
/** --quick: one case per group count, the largest last. */
const QUICK_CASES: ReadonlyArray<[number, number]> = [[1, 1000], [10, 10], [100, 1000]]
/** Groups written at once while a case is set up. */
const SETUP_LANES = 10

interface Case {
  groups: number
  statements: number
  request: CheckRequest
  org: string
  principalId: string
}

export async function run(context: BenchContext): Promise<Figure[]> {
  const client = localClient(context.endpoint)
  try {
    const dynamo = await tables(client, 'grants')
    const projector = createProjector({ dynamo, projections: [effectiveGrants], concurrency: 16 })
    const cases: Case[] = []
    for (const [groups, statements] of context.quick ? QUICK_CASES : CASES) cases.push(await principalCase(dynamo, projector, groups, statements))
    return [
      ...(await requestFigures(dynamo, cases, context.quick)),
      await itemFigure(dynamo, cases),
      ...(await ratioFigures(dynamo, cases.at(-1) as Case, context.quick)),
      await fanOutFigure(dynamo, projector, context.quick ? 100 : 1000),
      await revocationFigure(await tables(client, 'revoke'), context.quick ? 15 : 100),
    ]
  } finally {
    client.destroy()
  }
}

async function tables(client: ReturnType<typeof localClient>, label: string): Promise<Dynamo> {
  const names = tableNames(`bench-${label}-${Date.now().toString(36)}-`)
  await ensureTables(client, names)
  return wrap(client, names)
}

/** A principal in `groups` groups, each with one policy; `statements` rules in all, each a product set on its own project. */
async function principalCase(dynamo: Dynamo, projector: Projector, groups: number, statements: number): Promise<Case> {
  const scenario = new GrantsScenario(dynamo)
  const principalId = newId()
  await scenario.principal(principalId)
  const plans = Array.from({ length: groups }, (_, g) => ({
    group: newId(),
    rules: Array.from({ length: share(statements, groups, g) }, (_, i): Rule =>
      rule(scenario.org, [PROJECT_SETS[(g * 7 + i) % PROJECT_SETS.length] as string], { projectIds: [newId()] })),
  }))
  for (let start = 0; start < plans.length; start += SETUP_LANES) {
    await Promise.all(plans.slice(start, start + SETUP_LANES).map(async ({ group, rules }) => {
      await scenario.group(group, { users: [principalId] })
      await scenario.policy(newId(), { kind: 'group', id: group }, rules)
    }))
  }
  await projector.handle(scenario.take())
  // A deny: every statement of the action's service is evaluated.
  const request = { principal: { organizationId: scenario.org, kind: 'user' as const, id: principalId }, action: 'instance:servers:read', resource: projectResource(scenario.org, newId()) }
  return { groups, statements, request, org: scenario.org, principalId }
}

/** Group g's part of `total` statements spread over `groups` groups. */
function share(total: number, groups: number, g: number): number {
  return Math.floor((total * (g + 1)) / groups) - Math.floor((total * g) / groups)
}

async function requestFigures(dynamo: Dynamo, cases: readonly Case[], quick: boolean): Promise<Figure[]> {
  const counter = countRequests(dynamo.client)
  let warm = 0
  let cold = 0
  for (const { request } of cases) {
    const checker = createChecker({ dynamo, cache: createCompiledCache() })
    counter.reset()
    await checker.check(request)
    cold = Math.max(cold, counter.count())
    counter.reset()
    await checker.check(request)
    warm = Math.max(warm, counter.count())
  }
  const over = `worst case over principals in ${cases.map((c) => `${c.groups} groups/${c.statements} statements`).join(', ')}${quick ? ' (--quick)' : ''}`
  return [
    { name: 'check.dynamodb_requests', value: warm, unit: 'requests', note: `target 1; warm process; ${over}` },
    { name: 'check.dynamodb_requests_cold', value: cold, unit: 'requests', note: `target ≤ 2; empty compiled-policy cache; ${over}` },
  ]
}

async function itemFigure(dynamo: Dynamo, cases: readonly Case[]): Promise<Figure> {
  let largest = 0
  let which = ''
  for (const { org, principalId, groups, statements } of cases) {
    const out = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.read, Key: modelItemKey(EFFECTIVE_GRANTS, 1, grantsKey(org, principalId)), ConsistentRead: true }))
    const size = dynamoSize(out.Item ?? {})
    if (size > largest) [largest, which] = [size, `${groups} groups, ${statements} statements`]
  }
  return { name: 'grants.item_kb', value: round(largest / 1024, 2), unit: 'KB', note: `largest grants item (${which}); bound 300 KB` }
}

async function ratioFigures(dynamo: Dynamo, largest: Case, quick: boolean): Promise<Figure[]> {
  const checker = createChecker({ dynamo })
  const key = modelItemKey(EFFECTIVE_GRANTS, 1, grantsKey(largest.org, largest.principalId))
  const ratio = await alternatingRatio(
    () => checker.check(largest.request),
    () => dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.read, Key: key, ConsistentRead: true })),
    { iterations: quick ? 150 : 600, warmup: 30 },
  )
  // What the read alone costs against the GetItem: the part of the ratio that is DynamoDB Local's, not the check's.
  const read = () => readGrants(dynamo, { projection: EFFECTIVE_GRANTS, version: 1, organizationId: largest.org, principalId: largest.principalId, streams: [] })
  const readOnly = await alternatingRatio(read, () => dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.read, Key: key, ConsistentRead: true })), { iterations: quick ? 100 : 300, warmup: 20 })
  const note = `target ≤ 1.2; ${largest.groups} groups, ${largest.statements} statements, a deny; check p50 ${round(ratio.subjectP50Ms, 2)} ms vs consistent GetItem ${round(ratio.baselineP50Ms, 2)} ms; ` +
    `the check's BatchGetItem alone (grants + status + pointer, two tables) is ${round(readOnly.p50, 2)}× the GetItem at p50 on DynamoDB Local`
  return [
    { name: 'check.p50_ratio_vs_getitem', value: round(ratio.p50, 3), unit: 'ratio', note },
    { name: 'check.p99_ratio_vs_getitem', value: round(ratio.p99, 3), unit: 'ratio', note },
  ]
}

async function fanOutFigure(dynamo: Dynamo, projector: Projector, members: number): Promise<Figure> {
  const scenario = new GrantsScenario(dynamo)
  const users = Array.from({ length: members }, newId)
  const group = newId()
  await scenario.group(group, { users })
  await projector.handle(scenario.take())
  const policy = newId()
  await scenario.policy(policy, { kind: 'group', id: group }, [rule(scenario.org, ['IAMReadOnly'])])
  const events = scenario.take()
  const started = performance.now()
  await projector.handle(events)
  const elapsed = performance.now() - started
  const missing = await membersWithout(dynamo, scenario.org, users, policy)
  const note = `${members} members${members < 1000 ? ' (--quick; 1,000 in a full run)' : ''}; ${round(elapsed, 0)} ms until every member's grants hold the policy`
  return { name: 'grants.fanout_ms_per_member', value: missing === 0 ? round(elapsed / members, 3) : Number.NaN, unit: 'ms', note: missing === 0 ? note : `${missing} members missed the policy` }
}

async function membersWithout(dynamo: Dynamo, org: string, users: readonly string[], policyId: string): Promise<number> {
  const keys = users.map((user) => modelItemKey(EFFECTIVE_GRANTS, 1, grantsKey(org, user)))
  const found = await batchGet(dynamo.doc, dynamo.tables.read, keys)
  return keys.filter((key) => !grantsOf(found.get(keyId(key))?.[FACTS] as never).policies.some((ref) => ref.policyId === policyId)).length
}

async function revocationFigure(dynamo: Dynamo, samples: number): Promise<Figure> {
  const projector = createProjector({ dynamo, projections: [effectiveGrants] })
  const poller = await startLocalPoller({ dynamo, projector, logger: { error: () => undefined, warn: () => undefined } })
  try {
    const scenario = new GrantsScenario(dynamo)
    const [user, group] = [newId(), newId()]
    await scenario.principal(user)
    await scenario.group(group, { users: [user] })
    await scenario.policy(newId(), { kind: 'group', id: group }, [rule(scenario.org, ['IAMReadOnly'])])
    const checker = createChecker({ dynamo })
    const request: CheckRequest = { principal: { organizationId: scenario.org, kind: 'user', id: user }, action: 'iam:users:read', resource: organizationResource(scenario.org) }
    const until = async (decision: 'allow' | 'deny') => {
      const deadline = Date.now() + 30_000
      while ((await checker.check(request)).decision !== decision) if (Date.now() > deadline) throw new Error(`check never became ${decision}`)
    }
    await until('allow')
    const lags: number[] = []
    for (let i = 0; i < samples; i++) {
      const started = performance.now()
      await scenario.removeMembers(group, { users: [user] })
      await until('deny')
      lags.push(performance.now() - started)
      await scenario.addMembers(group, { users: [user] })
      await until('allow')
    }
    return {
      name: 'revocation.lag_p99_ms',
      value: round(percentile(lags, 99), 1),
      unit: 'ms',
      note: `target ≤ 1000; ${samples} removals, each from the write until a fresh check (no token) denies, through the local stream poller; p50 ${round(percentile(lags, 50), 1)} ms`,
    }
  } finally {
    await poller.stop()
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
