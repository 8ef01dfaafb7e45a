// The local server's sweep: the same sweep as the Lambda, every `intervalSeconds` (IAM_SWEEP_INTERVAL_SECONDS;
// 0 disables it), the first run at once. Runs never overlap; stop() waits for the one in flight.
import type { Logger } from '@aws-lambda-powertools/logger'
import { sweepExpiredCredentials, type SweepDeps } from './sweep.js'

export interface SweepLoop {
  stop(): Promise<void>
}

export function startSweepLoop(deps: SweepDeps, options: { intervalSeconds: number; logger: Pick<Logger, 'info' | 'error'> }): SweepLoop {
  const { intervalSeconds, logger } = options
  if (intervalSeconds <= 0) return { stop: async () => undefined }
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const run = async (): Promise<void> => {
    try {
      const result = await sweepExpiredCredentials(deps)
      if (result.expired > 0 || result.failed > 0) logger.info('sweep done', { ...result })
    } catch (error) {
      logger.error('sweep failed; the next run tries again', { error })
    }
  }
  const schedule = (delayMs: number): void => {
    timer = setTimeout(() => {
      running = run().finally(() => {
        if (!stopped) schedule(intervalSeconds * 1000)
      })
    }, delayMs)
    // The loop alone never keeps the process alive.
    timer.unref()
  }
  schedule(0)

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
