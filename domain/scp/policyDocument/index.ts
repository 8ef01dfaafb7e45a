// The SCP policy language: validate documents on write, compile them into engine statements.
export { POLICY_VERSION, type PolicyDocument, type PolicyKind, type PolicyPrincipal, type PolicyStatement } from './types.js'
export { ACTION_PATTERN, POLICY_LIMITS, SID_PATTERN } from './limits.js'
export {
  assignSids,
  nextSid,
  validatePolicyDocument,
  validatePolicyStatement,
  validateResourcePolicyDocument,
  validateTrustPolicyDocument,
  type StatementDraft,
  type ValidateOptions,
} from './validate.js'
export {
  compilePolicyDocument,
  compileResourcePolicyDocument,
  compileTrustPolicyDocument,
  resourcePolicyId,
  trustPolicyId,
  type CompileOptions,
} from './compile.js'
export { principalResource, roleResource } from './principal.js'
