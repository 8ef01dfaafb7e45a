// Output discipline of the CLI: the result goes to stdout, everything else (logs of any module, progress)
// goes to stderr, so that with --json stdout is exactly one JSON object.
import { writeSync } from 'node:fs'

export interface Output {
  /** Writes the command's result: one JSON object with --json, else `text` or readable `key: value` lines. */
  result(value: Record<string, unknown>, text?: string): void
  /** A line for the operator, on stderr. */
  info(message: string): void
  /** Reports progress of a long operation on stderr. */
  progress(label: string, done: number, total: number | undefined): void
  /** Ends the progress line, if one is open. */
  endProgress(): void
}

/**
 * Routes every later write to process.stdout (the Powertools logger, console.log, any module) to stderr,
 * and returns a writer for the real stdout. Called once, before anything else runs.
 */
export function claimStdout(): (text: string) => void {
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write
  return (text) => {
    writeSync(1, text)
  }
}

export function createOutput(options: { json: boolean; stdout: (text: string) => void }): Output {
  const interactive = process.stderr.isTTY === true
  let open = false
  let lastReported = -1
  return {
    result(value, text) {
      if (options.json) {
        options.stdout(`${JSON.stringify(value)}\n`)
        return
      }
      if (text !== undefined) return options.stdout(text)
      for (const [key, item] of Object.entries(value)) {
        options.stdout(`${key}: ${typeof item === 'string' ? item : JSON.stringify(item)}\n`)
      }
    },
    info(message) {
      process.stderr.write(`${message}\n`)
    },
    progress(label, done, total) {
      const line = progressLine(label, done, total)
      if (interactive) {
        process.stderr.write(`\r${line}\u001b[K`)
        open = true
        return
      }
      // Not a terminal: a line per tenth, so that CI logs stay short.
      const tenth = total ? Math.floor((10 * done) / Math.max(total, 1)) : Math.floor(Math.log10(Math.max(done, 1)))
      if (tenth !== lastReported) {
        lastReported = tenth
        process.stderr.write(`${line}\n`)
      }
    },
    endProgress() {
      if (open) process.stderr.write('\n')
      open = false
      lastReported = -1
    },
  }
}

export function progressLine(label: string, done: number, total: number | undefined): string {
  if (!total) return `${label} ${done}`
  const ratio = Math.min(1, done / total)
  const width = 30
  const filled = Math.round(ratio * width)
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}`
}
