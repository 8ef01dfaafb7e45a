// The authorization engine's public face: statements, the evaluator, conditions, CEL and resource strings.
export type { Condition, OperatorBlock, RequestContext, Statement, StatementSource } from './statement.js'
export {
  compileStatements,
  evaluate,
  type AuthzRequest,
  type CompiledStatements,
  type ConditionError,
  type Explanation,
  type MatchedStatement,
} from './evaluate.js'
export { validateStatement } from './validate.js'
export { validateOperatorBlock } from './conditions.js'
export { validateCel, USER_AGENT_MAX_LENGTH } from './cel.js'
export { CONTEXT_KEYS } from './context.js'
export {
  nscaleScopePatterns,
  organizationResource,
  parseResource,
  projectResource,
  renderResource,
  scalewayScopePatterns,
  scopePatterns,
  type NscaleScope,
  type ResourceParts,
} from './resource.js'
export { NO_REGION, parseSrn, renderSrn, resourceToSrn, srnPatternToResourcePatterns, srnToResource, type Srn } from './srn.js'
