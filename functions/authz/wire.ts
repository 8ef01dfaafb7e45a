// Check results and explanations in the authorization API's wire shape (snake_case).
import type { MatchedStatement } from '../../domain/authz/evaluate.js'
import type { Statement, StatementSource } from '../../domain/authz/statement.js'
import type { CheckExplanation, CheckResult } from './check.js'

export function renderResult(result: CheckResult) {
  return {
    decision: result.decision,
    reason: result.reason,
    matched: result.matched.map(renderMatched),
    missing_context_keys: result.missingContextKeys,
  }
}

export function renderExplanation(explanation: CheckExplanation) {
  return {
    ...renderResult(explanation),
    principal_status: explanation.principalStatus,
    owner: explanation.owner,
    policies: explanation.policies.map((policy) => ({
      path: policy.path,
      policy_id: policy.policyId,
      policy_version: policy.policyVersion,
      statement_count: policy.statementCount,
      ...(policy.error !== undefined && { error: policy.error }),
    })),
    statements: explanation.statements.map(renderStatement),
    condition_errors: explanation.conditionErrors.map((error) => ({ source: renderSource(error.source), message: error.message })),
  }
}

function renderMatched(matched: MatchedStatement) {
  return { effect: matched.effect, source: renderSource(matched.source) }
}

function renderSource(source: StatementSource) {
  return {
    surface: source.surface,
    policy_id: source.policyId,
    policy_version: source.policyVersion,
    ...(source.ruleId !== undefined && { rule_id: source.ruleId }),
  }
}

function renderStatement(statement: Statement) {
  return {
    effect: statement.effect,
    ...(statement.actions && { actions: statement.actions }),
    ...(statement.notActions && { not_actions: statement.notActions }),
    ...(statement.resources && { resources: statement.resources }),
    ...(statement.notResources && { not_resources: statement.notResources }),
    ...(statement.principals && { principals: statement.principals }),
    ...(statement.condition && { condition: statement.condition }),
    source: renderSource(statement.source),
  }
}
