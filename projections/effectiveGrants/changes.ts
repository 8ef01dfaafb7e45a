// What an event changes in the effective grants, independent of storage: apply.ts turns these into facts.
// Every change carries the version of the one stream it comes from.
import type { CompiledPolicyModel } from './compiled.js'

/** A policy version granted (`pv`), or null when the grant is gone. */
export type Grant = { pv: number } | null

export type GrantsChange =
  /** The principal owns (or no longer owns) the organization: it holds everything in it. */
  | { kind: 'owner'; principalId: string; version: number; owner: boolean }
  /** A policy names the principal itself. */
  | { kind: 'direct'; principalId: string; policyId: string; version: number; grant: Grant }
  | { kind: 'membership'; groupId: string; principalId: string; version: number; member: boolean }
  /** Every current member leaves. */
  | { kind: 'groupDeleted'; groupId: string; version: number }
  /** A policy names the group: fans out to every member. */
  | { kind: 'groupPolicy'; groupId: string; policyId: string; version: number; grant: Grant }
  /** Written before any fact references it. */
  | { kind: 'compiled'; policyId: string; policyVersion: number; model: CompiledPolicyModel }
