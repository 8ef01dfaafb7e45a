// Domain errors are typed values, not exceptions. Each surface maps them to its wire shape in one file.
export type DomainError =
  | { kind: 'not_found'; resource: string; resourceId: string }
  | { kind: 'already_exists'; resource: string; resourceId: string; message: string }
  | { kind: 'invalid_argument'; argument: string; reason: 'required' | 'format' | 'constraint'; message: string }
  | { kind: 'precondition_failed'; precondition: string; message: string }
  | { kind: 'quota_exceeded'; resource: string; quota: number; current: number; organizationId: string }
  | { kind: 'permission_denied'; resource: string; action: string }
  | { kind: 'conflict'; resource: string; resourceId: string; state: string; message: string }
  | { kind: 'locked'; resource: string; resourceId: string }
  | { kind: 'unauthenticated'; method: string; reason: 'invalid_argument' | 'not_found' | 'expired' | 'locked'; message: string }
  | { kind: 'stale'; message: string }

export const notFound = (resource: string, resourceId: string): DomainError => ({ kind: 'not_found', resource, resourceId })
export const alreadyExists = (resource: string, resourceId: string, message = `${resource} already exists`): DomainError => ({
  kind: 'already_exists',
  resource,
  resourceId,
  message,
})
export const invalidArgument = (
  argument: string,
  message: string,
  reason: 'required' | 'format' | 'constraint' = 'constraint',
): DomainError => ({ kind: 'invalid_argument', argument, reason, message })
export const preconditionFailed = (precondition: string, message: string): DomainError => ({
  kind: 'precondition_failed',
  precondition,
  message,
})
export const quotaExceeded = (resource: string, quota: number, current: number, organizationId: string): DomainError => ({
  kind: 'quota_exceeded',
  resource,
  quota,
  current,
  organizationId,
})
export const permissionDenied = (resource: string, action: string): DomainError => ({ kind: 'permission_denied', resource, action })
export const conflict = (resource: string, resourceId: string, state: string, message: string): DomainError => ({
  kind: 'conflict',
  resource,
  resourceId,
  state,
  message,
})

export function isDomainError(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof (value as { kind: unknown }).kind === 'string' &&
    ERROR_KINDS.has((value as { kind: string }).kind)
}

const ERROR_KINDS = new Set([
  'not_found', 'already_exists', 'invalid_argument', 'precondition_failed', 'quota_exceeded',
  'permission_denied', 'conflict', 'locked', 'unauthenticated', 'stale',
])

/** Thrown only to cross async boundaries; the runner and the surfaces catch it and map `error`. */
export class DomainFailure extends Error {
  constructor(readonly error: DomainError) {
    super(`${error.kind}`)
  }
}
