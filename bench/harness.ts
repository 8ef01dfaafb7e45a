// Shared bench helpers: one DynamoDB Local for the run, request counting, alternating-pair medians.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClient, startDynamoDbLocal } from '../functions/local/dynamodbLocal.js'

export interface Figure {
  name: string
  value: number
  unit: string
  note: string
}

export interface BenchContext {
  endpoint: string
  quick: boolean
}

export async function withBenchDynamo(body: (context: BenchContext) => Promise<void>): Promise<void> {
  const endpoint = process.env.DYNAMODB_ENDPOINT
  if (endpoint) return body({ endpoint, quick: false })
  const local = await startDynamoDbLocal()
  try {
    await body({ endpoint: local.endpoint, quick: false })
  } finally {
    await local.stop()
  }
}

/** Counts the DynamoDB requests a client sends (an SDK middleware). */
export function countRequests(client: DynamoDBClient): { count: () => number; reset: () => void } {
  let count = 0
  client.middlewareStack.add(
    (next) => async (args) => {
      count++
      return next(args)
    },
    { step: 'initialize', name: `benchRequestCounter${Math.random()}` },
  )
  return { count: () => count, reset: () => void (count = 0) }
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] as number
}

export function median(values: number[]): number {
  return percentile(values, 50)
}

/**
 * Times `subject` against `baseline` in alternating pairs after a warm-up, three runs; returns the
 * median over runs of the per-run p50 and p99 ratios.
 */
export async function alternatingRatio(
  subject: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  options: { iterations: number; warmup: number },
): Promise<{ p50: number; p99: number; subjectP50Ms: number; baselineP50Ms: number }> {
  const runs: Array<{ p50: number; p99: number; s: number; b: number }> = []
  for (let warm = 0; warm < options.warmup; warm++) {
    await subject()
    await baseline()
  }
  for (let run = 0; run < 3; run++) {
    const s: number[] = []
    const b: number[] = []
    for (let i = 0; i < options.iterations; i++) {
      const first = i % 2 === 0
      const t0 = performance.now()
      await (first ? subject() : baseline())
      const t1 = performance.now()
      await (first ? baseline() : subject())
      const t2 = performance.now()
      if (first) {
        s.push(t1 - t0)
        b.push(t2 - t1)
      } else {
        b.push(t1 - t0)
        s.push(t2 - t1)
      }
    }
    runs.push({ p50: percentile(s, 50) / percentile(b, 50), p99: percentile(s, 99) / percentile(b, 99), s: percentile(s, 50), b: percentile(b, 50) })
  }
  return {
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    subjectP50Ms: median(runs.map((r) => r.s)),
    baselineP50Ms: median(runs.map((r) => r.b)),
  }
}

export { localClient }
