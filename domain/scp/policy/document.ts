// The one door to the SCP policy language (domain/scp/policyDocument) for identity policies: validation on write.
import type { DomainError } from '../../core/errors.js'
import { validatePolicyDocument } from '../policyDocument/validate.js'
import type { PolicyVersion } from './evolve.js'

export type IdentityDocument = PolicyVersion['document']

/** The document normalized, or a 400 naming the field (e.g. `policy_version.policy_document.Statement[0].Effect`). */
export function validateIdentityDocument(json: unknown, accountId: string, field = 'policy_version.policy_document'): IdentityDocument | DomainError {
  return validatePolicyDocument(json, { kind: 'identity', accountId, field }) as unknown as IdentityDocument | DomainError
}
