// The CLI's own failures: a usage error (exit 2) and a failure the operator must act on (exit 1, no stack trace).
export class UsageError extends Error {}

export class CommandError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message)
  }
}
