// The dialect-neutral compiled statement (DESIGN §6). Every surface's policies compile to these.

/** Where a statement came from, for explanations. */
export interface StatementSource {
  surface: 'scaleway' | 'scp' | 'nscale' | 'system'
  policyId: string
  policyVersion: number
  /** Rule id (Scaleway), Sid (SCP), role name (nscale). */
  ruleId?: string
}

/** AWS-style operator block: { "StringEquals": { "scp:RequestedRegion": ["kr-west-1"] } }. */
export type OperatorBlock = Record<string, Record<string, string | number | boolean | Array<string | number | boolean>>>

export type Condition =
  | { kind: 'operators'; block: OperatorBlock }
  | { kind: 'cel'; expression: string }

export interface Statement {
  effect: 'allow' | 'deny'
  /** Exactly one of actions / notActions. Patterns `service:Name` with `*` and `?`, case-insensitive. */
  actions?: string[]
  notActions?: string[]
  /** Exactly one of resources / notResources: canonical resource patterns (glob). */
  resources?: string[]
  notResources?: string[]
  /** SCP resource policies: principals the statement applies to (canonical principal strings). */
  principals?: string[]
  condition?: Condition
  source: StatementSource
}

/** The request context a check evaluates conditions against. Keys are case-insensitive. */
export type RequestContext = Record<string, string | number | boolean | Array<string | number | boolean> | undefined>
