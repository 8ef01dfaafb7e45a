// The local webhook's delivery log: one JSON line per attempt in `<IAM_DATA_DIR or .iam>/audit-webhook.jsonl`, so
// an operator can see what reached the subscriber, what is being retried and what was given up. Past 10 MB the
// file moves to `.1` (replacing the previous one) and a new one starts.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

export type DeliveryOutcome = 'delivered' | 'retrying' | 'rejected' | 'gave_up'

export interface DeliveryRecord {
  at: string
  eventId: string
  type: string
  streamId: string
  version: number
  attempt: number
  outcome: DeliveryOutcome
  /** The HTTP status, when the subscriber answered. */
  status?: number
  error?: string
}

export interface DeliveryLog {
  record(entry: DeliveryRecord): void
}

export const DELIVERY_LOG_FILE = 'audit-webhook.jsonl'
const ROTATE_BYTES = 10 * 1024 * 1024

export function fileDeliveryLog(file: string): DeliveryLog {
  mkdirSync(dirname(file), { recursive: true })
  let size = sizeOf(file)
  return {
    record(entry) {
      const line = `${JSON.stringify(entry)}\n`
      if (size + line.length > ROTATE_BYTES && size > 0) {
        renameSync(file, `${file}.1`)
        size = 0
      }
      appendFileSync(file, line, { mode: 0o600 })
      size += Buffer.byteLength(line)
    },
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}
