// A role's trust policy as written: `assume_role_policy_document`, or else one `Allow sts:AssumeRole` statement
// per entry of `principals` (decision §6.45, the document the spec's example shows for its `principals`).
import { invalidArgument, type DomainError } from '../../core/errors.js'
import { POLICY_VERSION, type PolicyDocument } from '../policyDocument/types.js'
import { validatePolicyStatement, validateTrustPolicyDocument } from '../policyDocument/validate.js'

export interface TrustPrincipal {
  type: string
  value: string
}

export const ASSUME_ROLE_ACTION = 'sts:AssumeRole'
export const MAX_TRUST_PRINCIPALS = 100

export function trustPolicyOf(
  accountId: string,
  written: { document?: unknown; principals?: readonly TrustPrincipal[] },
  field = 'assume_role_policy_document',
): PolicyDocument | DomainError {
  if (written.document !== undefined && written.document !== null) return validateTrustPolicyDocument(written.document, { accountId, field })
  const principals = written.principals ?? []
  if (principals.length === 0) return invalidArgument(field, 'a trust policy is required: give assume_role_policy_document or principals', 'required')
  if (principals.length > MAX_TRUST_PRINCIPALS) return invalidArgument('principals', `at most ${MAX_TRUST_PRINCIPALS} principals`)
  const statements = []
  for (let index = 0; index < principals.length; index++) {
    const principal = principals[index] as TrustPrincipal
    if (principal.type !== 'SRN') return invalidArgument(`principals[${index}].type`, 'must be "SRN"', 'format')
    const statement = { Sid: `statement${index + 1}`, Effect: 'Allow', Action: [ASSUME_ROLE_ACTION], Principal: principal.value, Resource: [] }
    const valid = validatePolicyStatement(statement, { kind: 'trust', accountId })
    if ('kind' in valid) return invalidArgument(`principals[${index}].value`, valid.kind === 'invalid_argument' ? valid.message : 'is invalid', 'format')
    statements.push({ ...valid, Sid: statement.Sid })
  }
  return { Version: POLICY_VERSION, Statement: statements }
}
