// Write-time validation of a compiled statement, for the dialect compilers: everything the evaluator would
// otherwise have to tolerate at check time is refused here, with the path of the offending field.
import { invalidArgument, type DomainError } from '../core/errors.js'
import { validateCel } from './cel.js'
import { validateOperatorBlock } from './conditions.js'
import type { Statement } from './statement.js'

const ACTION_PATTERN = /^[^\s:]+:\S+$/
const NO_WHITESPACE = /^\S+$/

export function validateStatement(statement: Statement, path = 'statement'): DomainError | undefined {
  if (statement.effect !== 'allow' && statement.effect !== 'deny') return invalidArgument(`${path}.effect`, 'must be allow or deny')
  return (
    exactlyOne(statement, 'actions', 'notActions', path) ??
    patterns(statement.actions ?? statement.notActions ?? [], statement.actions ? 'actions' : 'notActions', path, (p) => p === '*' || ACTION_PATTERN.test(p),
      'must be "*" or service:Action') ??
    exactlyOne(statement, 'resources', 'notResources', path) ??
    patterns(statement.resources ?? statement.notResources ?? [], statement.resources ? 'resources' : 'notResources', path, (p) => NO_WHITESPACE.test(p),
      'must be a non-empty resource pattern without spaces') ??
    patterns(statement.principals ?? [], 'principals', path, (p) => NO_WHITESPACE.test(p), 'must be a non-empty principal pattern without spaces') ??
    validateCondition(statement, `${path}.condition`)
  )
}

function exactlyOne(statement: Statement, field: 'actions' | 'resources', negated: 'notActions' | 'notResources', path: string): DomainError | undefined {
  if ((statement[field] === undefined) === (statement[negated] === undefined)) {
    return invalidArgument(`${path}.${field}`, `exactly one of ${field} and ${negated} must be given`, 'required')
  }
  return undefined
}

function patterns(values: readonly string[], field: string, path: string, valid: (pattern: string) => boolean, message: string): DomainError | undefined {
  const index = values.findIndex((value) => typeof value !== 'string' || !valid(value))
  return index < 0 ? undefined : invalidArgument(`${path}.${field}[${index}]`, message, 'format')
}

function validateCondition(statement: Statement, path: string): DomainError | undefined {
  const { condition } = statement
  if (!condition) return undefined
  if (condition.kind === 'operators') return validateOperatorBlock(condition.block, path)
  const problem = validateCel(condition.expression)
  return problem === undefined ? undefined : invalidArgument(path, problem, 'format')
}
