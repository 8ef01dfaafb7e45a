// Scaleway rule conditions: CEL (https://cel.dev) over `request.ip` (string), `request.user_agent` (string,
// truncated at 255 characters) and `request.time` (timestamp), with CEL's standard functions, the string
// extensions (lowerAscii, indexOf, split …), the time accessors with an optional time zone
// (`request.time.getHours("Europe/Paris")`) and `inIpRange(ip, subnet)`.
//
// validateCel runs when a rule is written; compileCel plans a program once per expression (cached) and
// evaluates it at check time without throwing: an error, or a non-boolean result, means "not met".
import { CelScalar, celEnv, celFunc, isCelError, mapType, parse, plan, type CelEnv } from '@bufbuild/cel'
import { strings } from '@bufbuild/cel/ext'
import { checkCel, REQUEST_FIELDS } from './celCheck.js'
import { TIMESTAMP, timestampMethods } from './celTime.js'
import { CONTEXT_KEYS, parseInstant, type ContextMap } from './context.js'
import { parseCidr, parseIp, rangeContains } from './ip.js'

export const USER_AGENT_MAX_LENGTH = 255

const inIpRange = celFunc('inIpRange', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, (ip, subnet) => {
  const address = parseIp(ip)
  if (!address) throw new Error(`inIpRange: "${ip}" is not an IP address`)
  const range = parseCidr(subnet)
  if (!range) throw new Error(`inIpRange: "${subnet}" is not a subnet`)
  return rangeContains(range, address)
})

const env = celEnv({
  funcs: [...strings, ...timestampMethods, inIpRange],
  variables: { request: mapType(CelScalar.STRING, CelScalar.DYN) },
})

/** The context key each `request` field reads. */
const FIELD_KEYS: Record<keyof typeof REQUEST_FIELDS, string> = {
  ip: CONTEXT_KEYS.ip,
  user_agent: CONTEXT_KEYS.userAgent,
  time: CONTEXT_KEYS.time,
}

/** Parses and type-checks an expression; returns why it is invalid, or undefined. Never throws. */
export function validateCel(expression: string): string | undefined {
  const compiled = compileCel(expression)
  return compiled.ok ? undefined : compiled.error
}

export interface CelOutcome {
  met: boolean
  /** Why evaluation failed (the condition is then not met). */
  error?: string
  /** Context keys the expression reads that the request did not carry. */
  missing: string[]
}

export type CompiledCel = { ok: true; evaluate: (context: ContextMap) => CelOutcome } | { ok: false; error: string }

const MAX_CACHED_PROGRAMS = 10_000
const programs = new Map<string, CompiledCel>()

/** Compiles (parse, check, plan) once per distinct expression; later calls return the cached program. */
export function compileCel(expression: string): CompiledCel {
  let compiled = programs.get(expression)
  if (!compiled) {
    compiled = compileUncached(expression)
    if (programs.size >= MAX_CACHED_PROGRAMS) programs.delete(programs.keys().next().value as string)
    programs.set(expression, compiled)
  }
  return compiled
}

function compileUncached(expression: string): CompiledCel {
  try {
    const parsed = parse(expression)
    const fields = checkCel(env, parsed.expr)
    return { ok: true, evaluate: evaluator(plan(env, parsed), [...fields].map((field) => FIELD_KEYS[field] as string)) }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

type Program = ReturnType<typeof plan<typeof env extends CelEnv<infer V> ? V : never>>
type RequestBinding = Parameters<Program>[0]['request']

function evaluator(program: Program, keys: string[]): (context: ContextMap) => CelOutcome {
  return (context) => {
    const missing = keys.filter((key) => !context.has(key))
    let result: unknown
    try {
      result = program({ request: requestBinding(context) })
    } catch (error) {
      return { met: false, error: error instanceof Error ? error.message : String(error), missing }
    }
    if (isCelError(result)) return { met: false, error: result.message, missing }
    if (typeof result !== 'boolean') return { met: false, error: `condition evaluated to ${String(result)}, not a boolean`, missing }
    return { met: result, missing }
  }
}

/** The `request` variable: only the fields the context carries (an absent one is a CEL "no such key" error). */
function requestBinding(context: ContextMap): RequestBinding {
  const request: Record<string, string | ReturnType<typeof timestamp>> = {}
  const ip = context.get(CONTEXT_KEYS.ip)
  if (typeof ip === 'string') request.ip = ip
  const userAgent = context.get(CONTEXT_KEYS.userAgent)
  if (typeof userAgent === 'string') request.user_agent = truncate(userAgent, USER_AGENT_MAX_LENGTH)
  const time = parseInstant(context.get(CONTEXT_KEYS.time))
  if (time !== undefined) request.time = timestamp(time)
  return request
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  return Array.from(text).slice(0, max).join('')
}

/** A google.protobuf.Timestamp in protobuf-es's plain-object form, which @bufbuild/cel accepts as input. */
function timestamp(epochMs: number): { $typeName: string; seconds: bigint; nanos: number } {
  const seconds = Math.floor(epochMs / 1000)
  return { $typeName: TIMESTAMP.name, seconds: BigInt(seconds), nanos: Math.round((epochMs - seconds * 1000) * 1_000_000) }
}
