import { startDynamoDbLocal, localClient } from '/work/main/functions/local/dynamodbLocal.js'
import { ensureTables, wrap } from '/work/main/functions/store/dynamo.js'
import { tableNames } from '/work/main/functions/store/tables.js'
import { createProjector } from '/work/main/functions/projector/projector.js'
import { effectiveGrants } from '/work/main/projections/effectiveGrants/index.js'
import { createChecker } from '/work/main/functions/authz/index.js'
import { GrantsScenario, newId, rule } from '/work/main/test/integration/grants.fixtures.js'
import { projectResource } from '/work/main/domain/authz/resource.js'
import { PERMISSION_SETS } from '/work/main/domain/scaleway/catalogue/index.js'
const PROJECT_SETS = PERMISSION_SETS.filter((s) => s.scopeType === 'projects').map((s) => s.name)
const local = await startDynamoDbLocal()
try {
  const client = localClient(local.endpoint)
  const names = tableNames('p-'); await ensureTables(client, names); const dynamo = wrap(client, names)
  const projector = createProjector({ dynamo, projections: [effectiveGrants], concurrency: 16 })
  const s = new GrantsScenario(dynamo); const user = newId(); await s.principal(user)
  for (let c = 0; c < 10; c++) await Promise.all(Array.from({ length: 10 }, async (_, g) => { const G = newId(); await s.group(G, { users: [user] }); await s.policy(newId(), { kind: 'group', id: G }, Array.from({ length: 10 }, (_, i) => rule(s.org, [PROJECT_SETS[(g * 10 + i) % PROJECT_SETS.length]!], { projectIds: [newId()] }))) }))
  await projector.handle(s.take())
  const checker = createChecker({ dynamo })
  const req = { principal: { organizationId: s.org, kind: 'user' as const, id: user }, action: 'instance:servers:read', resource: projectResource(s.org, newId()) }
  await checker.check(req)
  // Replay the same BatchGet answer without I/O: what the check itself costs.
  const realSend = dynamo.doc.send.bind(dynamo.doc)
  const answer = await realSend(new (await import('@aws-sdk/lib-dynamodb')).BatchGetCommand({ RequestItems: {} as never }).constructor === undefined ? null as never : null as never).catch(() => null)
  let captured: unknown
  ;(dynamo.doc as any).send = async (cmd: unknown) => { const out = await realSend(cmd as never); captured = out; return out }
  await checker.check(req)
  ;(dynamo.doc as any).send = async () => structuredClone(captured)
  for (let r = 0; r < 3; r++) {
    const t = performance.now()
    for (let i = 0; i < 2000; i++) await checker.check(req)
    console.log('check without I/O (incl. structuredClone) us', ((performance.now() - t) / 2000 * 1000).toFixed(1))
  }
  const t = performance.now()
  for (let i = 0; i < 2000; i++) structuredClone(captured)
  console.log('structuredClone alone us', ((performance.now() - t) / 2000 * 1000).toFixed(1))
} finally { await local.stop() }
