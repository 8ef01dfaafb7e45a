// The event envelope (DESIGN §4) and the registry of event types: every event is validated by its zod
// schema when written and upcast to the current schemaVersion when read.
import { z } from 'zod'

export type Surface = 'scaleway' | 'scp' | 'nscale' | 'authz' | 'system'

/** Who caused an event. System actions (CLI, sweep, bootstrap) use the fixed SYSTEM_ACTOR ids. */
export interface Actor {
  kind: 'user' | 'application' | 'role' | 'service_account' | 'system'
  id: string
}

export const SYSTEM_ACTORS = {
  cli: { kind: 'system', id: 'system:cli' },
  sweep: { kind: 'system', id: 'system:sweep' },
  bootstrap: { kind: 'system', id: 'system:bootstrap' },
} as const satisfies Record<string, Actor>

export interface EventMeta {
  eventId: string
  occurredAt: string
  actor: Actor
  requestId: string
  sourceIp: string
  userAgent: string
  surface: Surface
}

/** An event as a decider produces it. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T
  data: D
}

/** An event as the log holds it. */
export interface StoredEvent<T extends string = string, D = unknown> extends DomainEvent<T, D> {
  streamId: string
  version: number
  schemaVersion: number
  meta: EventMeta
}

interface EventDefinition {
  type: string
  schemaVersion: number
  schema: z.ZodType
  /** upcasters[n] turns data of schemaVersion n into n + 1 */
  upcasters: Record<number, (data: unknown) => unknown>
}

const registry = new Map<string, EventDefinition>()

/**
 * Declares an event type. Returns a typed constructor.
 * Secret material (secrets, hashes, passwords, seeds) never belongs in `schema`.
 */
export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  options: { schemaVersion?: number; upcasters?: Record<number, (data: unknown) => unknown> } = {},
): ((data: z.infer<S>) => DomainEvent<T, z.infer<S>>) & { type: T; schema: S } {
  const existing = registry.get(type)
  if (existing && existing.schema !== schema) throw new Error(`event type ${type} defined twice`)
  registry.set(type, { type, schema, schemaVersion: options.schemaVersion ?? 1, upcasters: options.upcasters ?? {} })
  const make = (data: z.infer<S>): DomainEvent<T, z.infer<S>> => ({ type, data })
  return Object.assign(make, { type, schema })
}

export function currentSchemaVersion(type: string): number {
  const def = registry.get(type)
  if (!def) throw new Error(`unknown event type ${type}`)
  return def.schemaVersion
}

/** Validates an event before it is written; throws on an unknown type or invalid data (a bug, never user input). */
export function validateEvent(event: DomainEvent): DomainEvent {
  const def = registry.get(event.type)
  if (!def) throw new Error(`unknown event type ${event.type}`)
  const parsed = def.schema.safeParse(event.data)
  if (!parsed.success) throw new Error(`invalid ${event.type}: ${parsed.error.message}`)
  return { type: event.type, data: parsed.data }
}

/** Brings data written under an older schemaVersion up to the current one. */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  const def = registry.get(type)
  if (!def) return data
  let current = data
  for (let v = schemaVersion; v < def.schemaVersion; v++) {
    const step = def.upcasters[v]
    if (!step) throw new Error(`no upcaster for ${type} v${v}`)
    current = step(current)
  }
  return current
}

export function isKnownEventType(type: string): boolean {
  return registry.has(type)
}

// Stream ids: `<orgId>#<aggregateType>#<aggregateId>` (DESIGN §4).
export function streamId(organizationId: string, aggregateType: string, aggregateId: string): string {
  return `${organizationId}#${aggregateType}#${aggregateId}`
}

export function parseStreamId(id: string): { organizationId: string; aggregateType: string; aggregateId: string } {
  const [organizationId = '', aggregateType = '', ...rest] = id.split('#')
  return { organizationId, aggregateType, aggregateId: rest.join('#') }
}
