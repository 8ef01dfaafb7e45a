// The SCP policy language as stored and rendered (spec §4): a document is `{Version, Statement[]}`; values a
// client may send in several forms (a bare string for a list, `[]` or `null` for "none") are normalized on write.
import type { OperatorBlock } from '../../authz/statement.js'

/** The only document version SCP defines. */
export const POLICY_VERSION = '2024-07-01'

/** identity: attached to users, groups and roles; trust: a role's assume-role policy; resource: keyed by an SRN. */
export type PolicyKind = 'identity' | 'trust' | 'resource'

/** `"*"`, one SRN, or `{"SRN": [...]}` (the object form's only key). */
export type PolicyPrincipal = string | { SRN: string[] }

// Type aliases (not interfaces) so that documents fit `Record<string, unknown>` event schemas.
export type PolicyStatement = {
  /** Unique within its document (case-sensitive); `statementN` when the client gave none. */
  Sid: string
  Effect: 'Allow' | 'Deny'
  /** Exactly one of Action / NotAction is non-empty. */
  Action?: string[]
  NotAction?: string[]
  /** Empty in trust policies (the role itself) and allowed empty in resource policies (the keyed SRN). */
  Resource: string[]
  NotResource?: string[]
  /** Required in trust and resource policies, refused in identity policies. */
  Principal?: PolicyPrincipal
  Condition?: OperatorBlock
}

export type PolicyDocument = {
  Version: typeof POLICY_VERSION
  Statement: PolicyStatement[]
}
