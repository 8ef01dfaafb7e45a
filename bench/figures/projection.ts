// projection.lag_p99_ms: from an append (one event, through the event store) until the audit-log entry it makes is
// readable, through the local stream poller running every registered projection (target ≤ 250 ms). The reader
// polls the item every 2 ms with a consistent GetItem; appends are spaced by a random pause so they land at
// every phase of the poller's loop.
import { ulid } from 'ulid'
import { SYSTEM_ACTORS } from '../../domain/core/events.js'
import { systemClock, ulidIds } from '../../domain/core/ids.js'
import { registerPrincipal } from '../../domain/core/principal/decide.js'
import { principalStreamId } from '../../domain/core/principal/evolve.js'
import type { PrincipalEvent } from '../../domain/core/principal/events.js'
import type { RequestMeta } from '../../domain/core/ports.js'
import { AUDIT_LOG, auditLogKey } from '../../projections/auditLog.js'
import { projections } from '../../projections/index.js'
import { createProjector } from '../../functions/projector/projector.js'
import { startLocalPoller } from '../../functions/projector/poller.js'
import { createReadStore } from '../../functions/projector/readStore.js'
import { ensureTables, wrap } from '../../functions/store/dynamo.js'
import { createEventStore } from '../../functions/store/eventStore.js'
import { tableNames } from '../../functions/store/tables.js'
import { localClient, percentile, type BenchContext, type Figure } from '../harness.js'

const meta: RequestMeta = { actor: SYSTEM_ACTORS.cli, requestId: 'bench', sourceIp: '127.0.0.1', userAgent: 'bench', surface: 'system' }
const POLL_INTERVAL_MS = 20

export async function run(context: BenchContext): Promise<Figure[]> {
  const client = localClient(context.endpoint)
  const dynamo = wrap(client, tableNames(`bench-projection-${ulid().toLowerCase().slice(-8)}-`))
  await ensureTables(client, dynamo.tables)
  let lastEventId = ''
  const store = createEventStore(dynamo, { clock: systemClock, ids: { newId: ulidIds.newId, newUlid: () => (lastEventId = ulid()) } })
  const projector = createProjector({ dynamo, projections })
  const reader = createReadStore(dynamo, projector.pointer)
  const poller = await startLocalPoller({ dynamo, projector, pollIntervalMs: POLL_INTERVAL_MS, logger: { error: () => undefined, warn: () => undefined } })
  const org = ulidIds.newId()
  const samples: number[] = []
  const warmup = 10
  const count = context.quick ? 60 : 300
  try {
    for (let i = 0; i < warmup + count; i++) {
      const principalId = ulidIds.newId()
      const events = registerPrincipal({ status: 'absent' }, { principalId, organizationId: org, kind: 'user' }) as PrincipalEvent[]
      const started = performance.now()
      const outcome = await store.append([{ streamId: principalStreamId(org, principalId), expectedVersion: 0, events }], [], meta)
      if (!('positions' in outcome)) throw new Error('bench append failed')
      const key = auditLogKey(org, lastEventId)!
      while (!(await reader.get(AUDIT_LOG, key))) await new Promise((resolve) => setTimeout(resolve, 2))
      if (i >= warmup) samples.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30))
    }
  } finally {
    await poller.stop()
    client.destroy()
  }
  return [
    {
      name: 'projection.lag_p99_ms',
      value: round(percentile(samples, 99)),
      unit: 'ms',
      note: `target ≤ 250; append → audit-log item readable via the local poller (poll ${POLL_INTERVAL_MS} ms, ${projections.length} projections); p50 ${round(percentile(samples, 50))} ms, n=${samples.length}`,
    },
  ]
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
