// A static type check of parsed CEL against our environment, run when a rule is written. @bufbuild/cel 0.6.1
// ships a checker that handles only constants and identifiers, so this walks the AST itself: variables and
// `request` fields must exist, every call must match an overload the environment declares, `==` must compare
// like types, and the whole expression must be a boolean. Constant sub-expressions (timestamp("…"), a regex,
// a time zone name) are evaluated once so that their errors surface at write time too.
import { CelScalar, celEnv, isCelError, parse, plan, type CelEnv, type CelType } from '@bufbuild/cel'
import { isTimeZone, TIME_METHOD_NAMES, TIMESTAMP } from './celTime.js'
import { parseCidr } from './ip.js'

type Expr = ReturnType<typeof parse>['expr']
type Type = string

const DYN = 'dyn'
const BOOL = 'bool'
const NUMERIC = new Set(['int', 'uint', 'double'])
const TYPE_NAMES = new Set(['bool', 'int', 'uint', 'double', 'string', 'bytes', 'list', 'map', 'null_type', 'type'])

export class CelCheckError extends Error {}

interface Scope {
  readonly vars: ReadonlyMap<string, Type>
  readonly parent?: Scope
}

/** Types of the `request` fields (the only variable). */
export const REQUEST_FIELDS: Record<string, Type> = { ip: 'string', user_agent: 'string', time: TIMESTAMP.name }
const REQUEST = 'request'

/**
 * Throws CelCheckError with a readable message when the expression does not type-check as a boolean;
 * otherwise returns the `request` fields it reads.
 */
export function checkCel(env: CelEnv, expr: Expr): Set<string> {
  const checker = new Checker(env)
  const type = checker.check(expr, { vars: new Map() })
  if (type !== BOOL && type !== DYN) throw new CelCheckError(`a condition must be a boolean expression, this one is ${type}`)
  return checker.requestFields
}

class Checker {
  readonly requestFields = new Set<string>()

  constructor(private readonly env: CelEnv) {}

  check(expr: Expr, scope: Scope): Type {
    const kind = expr.exprKind
    switch (kind.case) {
      case 'constExpr':
        return constantType(kind.value.constantKind.case)
      case 'identExpr':
        return this.ident(kind.value.name, scope)
      case 'selectExpr': {
        const operand = kind.value.operand
        if (!operand) throw new CelCheckError('malformed field selection')
        return this.select(this.check(operand, scope), kind.value.field, kind.value.testOnly)
      }
      case 'callExpr':
        return this.call(expr, scope)
      case 'listExpr':
        for (const element of kind.value.elements) this.check(element, scope)
        return 'list'
      case 'structExpr':
        if (kind.value.messageName !== '') throw new CelCheckError(`message construction (${kind.value.messageName}) is not supported`)
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.check(entry.keyKind.value, scope)
          if (entry.value) this.check(entry.value, scope)
        }
        return 'map'
      case 'comprehensionExpr':
        return this.comprehension(kind.value, scope)
      default:
        throw new CelCheckError('unsupported expression')
    }
  }

  private ident(name: string, scope: Scope): Type {
    for (let at: Scope | undefined = scope; at; at = at.parent) {
      const type = at.vars.get(name)
      if (type !== undefined) return type
    }
    if (name === REQUEST) return REQUEST
    if (TYPE_NAMES.has(name)) return 'type'
    throw new CelCheckError(`undeclared reference to '${name}'`)
  }

  private select(operand: Type, field: string, testOnly: boolean): Type {
    if (operand === REQUEST) {
      const type = REQUEST_FIELDS[field]
      if (type === undefined) throw new CelCheckError(`request has no field '${field}' (fields: ${Object.keys(REQUEST_FIELDS).join(', ')})`)
      this.requestFields.add(field)
      return testOnly ? BOOL : type
    }
    if (operand === 'map' || operand === DYN) return testOnly ? BOOL : DYN
    throw new CelCheckError(`type '${operand}' has no field '${field}'`)
  }

  private call(expr: Expr, scope: Scope): Type {
    const call = (expr.exprKind as Extract<Expr['exprKind'], { case: 'callExpr' }>).value
    const target = call.target ? this.check(call.target, scope) : undefined
    const args = call.args.map((arg) => this.check(arg, scope))
    switch (call.function) {
      case '_&&_':
      case '_||_':
      case '@not_strictly_false':
        for (const arg of args) expectBool(call.function, arg)
        return BOOL
      case '_?_:_':
        expectBool(call.function, args[0] as Type)
        return args[1] === args[2] ? (args[1] as Type) : DYN
      case '_[_]':
        if (![DYN, 'list', 'map'].includes(args[0] as Type)) throw new CelCheckError(`type '${args[0]}' cannot be indexed`)
        return DYN
      case '_==_':
      case '_!=_':
        if (!comparable(args[0] as Type, args[1] as Type)) throw noOverload(call.function, target, args)
        return BOOL
    }
    const result = this.overload(call.function, target, args)
    this.checkConstants(expr, call.function, target, call.args)
    return result
  }

  private overload(name: string, target: Type | undefined, args: Type[]): Type {
    const group = this.env.funcs.find(name)
    if (!group) throw new CelCheckError(`undeclared reference to function '${name}'`)
    const results = new Set<Type>()
    for (const func of group) {
      if ((func.target === undefined) !== (target === undefined) || func.arguments.length !== args.length) continue
      if (func.target && !assignable(target as Type, func.target)) continue
      if (!func.arguments.every((parameter, i) => assignable(args[i] as Type, parameter))) continue
      results.add(typeName(func.result))
    }
    if (results.size === 0) throw noOverload(name, target, args)
    return results.size === 1 ? ([...results][0] as Type) : DYN
  }

  /** Errors a literal would raise at check time: a constant call that fails, a bad time zone, regex or subnet. */
  private checkConstants(expr: Expr, name: string, target: Type | undefined, args: Expr[]): void {
    if (isConstant(expr)) {
      const value = plan(this.env, expr)()
      if (isCelError(value)) throw new CelCheckError(value.message)
      return
    }
    const last = args.length > 0 ? constantString(args[args.length - 1] as Expr) : undefined
    if (last === undefined) return
    if (target === TIMESTAMP.name && TIME_METHOD_NAMES.has(name) && !isTimeZone(last)) throw new CelCheckError(`unknown time zone "${last}"`)
    if (name === 'matches' && !isRegex(last)) throw new CelCheckError(`invalid regular expression "${last}"`)
    if (name === 'inIpRange' && args.length === 2 && !parseCidr(last)) throw new CelCheckError(`inIpRange: "${last}" is not a subnet`)
  }

  private comprehension(value: Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'], scope: Scope): Type {
    const { iterRange, accuInit, loopCondition, loopStep, result } = value
    if (!iterRange || !accuInit || !loopCondition || !loopStep || !result) throw new CelCheckError('malformed comprehension')
    const range = this.check(iterRange, scope)
    if (![DYN, 'list', 'map'].includes(range)) throw new CelCheckError(`type '${range}' cannot be iterated`)
    const accumulator = new Map([[value.accuVar, this.check(accuInit, scope)]])
    const loopVars = new Map([[value.iterVar, DYN]])
    if (value.iterVar2) loopVars.set(value.iterVar2, DYN)
    const inLoop: Scope = { vars: loopVars, parent: { vars: accumulator, parent: scope } }
    this.check(loopCondition, inLoop)
    this.check(loopStep, inLoop)
    return this.check(result, { vars: accumulator, parent: scope })
  }
}

function constantType(kind: string | undefined): Type {
  switch (kind) {
    case 'boolValue':
      return BOOL
    case 'int64Value':
      return 'int'
    case 'uint64Value':
      return 'uint'
    case 'doubleValue':
      return 'double'
    case 'stringValue':
      return 'string'
    case 'bytesValue':
      return 'bytes'
    case 'nullValue':
      return 'null_type'
    default:
      throw new CelCheckError(`unsupported literal ${kind}`)
  }
}

function typeName(type: CelType): Type {
  return type.kind === 'scalar' ? type.scalar : type.kind === 'object' ? type.name : type.kind
}

function assignable(actual: Type, parameter: CelType): boolean {
  const expected = typeName(parameter)
  return actual === DYN || expected === DYN || actual === expected
}

function comparable(left: Type, right: Type): boolean {
  if (left === DYN || right === DYN || left === right) return true
  if (left === 'null_type' || right === 'null_type') return true
  return NUMERIC.has(left) && NUMERIC.has(right)
}

function expectBool(name: string, type: Type): void {
  if (type !== BOOL && type !== DYN) throw new CelCheckError(`'${name}' expects booleans, got ${type}`)
}

function noOverload(name: string, target: Type | undefined, args: Type[]): CelCheckError {
  const receiver = target === undefined ? '' : `${target}.`
  return new CelCheckError(`found no matching overload for '${name}' applied to '${receiver}(${args.join(', ')})'`)
}

function isConstant(expr: Expr): boolean {
  const kind = expr.exprKind
  switch (kind.case) {
    case 'constExpr':
      return true
    case 'callExpr':
      return (!kind.value.target || isConstant(kind.value.target)) && kind.value.args.every(isConstant)
    case 'listExpr':
      return kind.value.elements.every(isConstant)
    default:
      return false
  }
}

function constantString(expr: Expr): string | undefined {
  const kind = expr.exprKind
  return kind.case === 'constExpr' && kind.value.constantKind.case === 'stringValue' ? kind.value.constantKind.value : undefined
}

/** Compiles the pattern the way CEL's `matches` does (RE2 syntax). */
const regexProbe = plan(celEnv({ variables: { pattern: CelScalar.STRING } }), parse('"".matches(pattern)'))

function isRegex(pattern: string): boolean {
  return !isCelError(regexProbe({ pattern }))
}
