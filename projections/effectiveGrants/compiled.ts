// Compiled policy versions: the engine statements of one policy as of one stream version, stored once as an
// item of their own (`cp@<pv>`, keys.ts) before any grants fact references them. The content depends only on
// the policy stream up to pv, so a version never changes and readers may cache it forever.
// Statements are stored as deflated JSON: rules repeat their actions, scopes and sources, and a policy with
// hundreds of rules must stay far below DynamoDB's 400 KB item limit.
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { Statement } from '../../domain/authz/statement.js'
import { compileScalewayPolicy } from '../../domain/scaleway/policy/compile.js'
import { ruleSpecOf } from '../../domain/scaleway/policy/decide.js'
import type { Rule } from '../../domain/scaleway/policy/events.js'
import type { Model } from '../contract.js'

export interface CompiledPolicyModel extends Model {
  /** Deflated JSON of `Statement[]`. */
  statements: Uint8Array
  count: number
  /** Why the policy could not be compiled; it then grants nothing (fail closed) and explanations say why. */
  error?: string
}

export interface CompiledPolicy {
  statements: Statement[]
  error?: string
}

/**
 * A Scaleway policy's rules as recorded. Rules were validated when written; if the catalogue has since lost a
 * permission set, the version compiles to no statements and carries the reason.
 */
export function compileScalewayVersion(organizationId: string, policyId: string, policyVersion: number, rules: readonly Rule[]): CompiledPolicyModel {
  // The account root user is recorded on its rules (the owner when they were written); nothing else reads it.
  const ownerPrincipalId = rules.find((rule) => rule.accountRootUserId)?.accountRootUserId ?? organizationId
  const compiled = compileScalewayPolicy(
    { id: policyId, version: policyVersion, rules: rules.map(ruleSpecOf) },
    { organizationId, ownerPrincipalId },
  )
  if (!compiled.ok) {
    const error = compiled.errors.map((problem) => ('message' in problem ? problem.message : problem.kind)).join('; ')
    return { ...encodeStatements([]), error }
  }
  return encodeStatements(compiled.statements)
}

export function encodeStatements(statements: readonly Statement[]): CompiledPolicyModel {
  return { statements: deflateRawSync(Buffer.from(JSON.stringify(statements), 'utf8')), count: statements.length }
}

/** The stored item back to statements; anything unreadable is reported as an error, never thrown. */
export function decodeCompiledPolicy(model: Record<string, unknown>): CompiledPolicy {
  const error = typeof model.error === 'string' ? model.error : undefined
  try {
    const bytes = model.statements
    if (!(bytes instanceof Uint8Array)) return { statements: [], error: error ?? 'compiled policy has no statements' }
    const statements = JSON.parse(inflateRawSync(bytes).toString('utf8')) as Statement[]
    return error === undefined ? { statements } : { statements, error }
  } catch (problem) {
    return { statements: [], error: `compiled policy is unreadable: ${String(problem)}` }
  }
}
