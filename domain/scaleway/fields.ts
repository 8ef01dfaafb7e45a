// Field rules shared by the Scaleway aggregates (spec §5.4, Appendix A.9): names, descriptions, tags, ids.
import { invalidArgument, preconditionFailed, type DomainError } from '../core/errors.js'
import { normalizeId, type Id } from '../core/ids.js'

/** Application, group and policy names (A.9): words of `[\w().-]` separated by spaces, 1–64 characters. */
const NAME = /^[\w().-]+( +[\w().-]+)*$/
export const NAME_MAX = 64
export const DESCRIPTION_MAX = 200
export const TAGS_MAX = 10
/** Tags (field notes §1.1): the console's character set; 1–128 characters, no duplicates. */
const TAG = /^[a-zA-Z0-9._\-/=+@ ]+$/
export const TAG_MAX_LENGTH = 128

export function checkName(argument: string, value: string): DomainError | undefined {
  if (value.length === 0) return invalidArgument(argument, `${argument} is required`, 'required')
  if (value.length > NAME_MAX) return invalidArgument(argument, `${argument} must be at most ${NAME_MAX} characters`)
  if (!NAME.test(value)) return invalidArgument(argument, `${argument} may hold letters, digits, spaces and ( ) . _ - only`, 'format')
  return undefined
}

export function checkDescription(argument: string, value: string): DomainError | undefined {
  return value.length > DESCRIPTION_MAX ? invalidArgument(argument, `${argument} must be at most ${DESCRIPTION_MAX} characters`) : undefined
}

export function checkTags(argument: string, tags: readonly string[]): DomainError | undefined {
  if (tags.length > TAGS_MAX) return invalidArgument(argument, `at most ${TAGS_MAX} tags are allowed`)
  const seen = new Set<string>()
  for (const tag of tags) {
    if (tag.length === 0 || tag.length > TAG_MAX_LENGTH) return invalidArgument(argument, `a tag must be 1 to ${TAG_MAX_LENGTH} characters`)
    if (!TAG.test(tag)) return invalidArgument(argument, `tag "${tag}" may hold letters, digits, spaces and . _ - / = + @ only`, 'format')
    if (seen.has(tag)) return invalidArgument(argument, `tag "${tag}" is given twice`)
    seen.add(tag)
  }
  return undefined
}

/** The first error of a series of checks, or undefined when all pass. */
export function firstError(...checks: Array<DomainError | undefined>): DomainError | undefined {
  return checks.find((check) => check !== undefined)
}

/** Normalizes an id given in any rendering, or names the argument that is not one. */
export function parseId(argument: string, value: string): Id | DomainError {
  return normalizeId(value) ?? invalidArgument(argument, `${argument} is not a valid id`, 'format')
}

export function isId(value: Id | DomainError): value is Id {
  return typeof value === 'string'
}

/** Removes repeated values, keeping the first occurrence's position. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}

/** A managed resource (created by the platform) cannot be changed by the organization (spec §4.17). */
export function notEditable(resource: string): DomainError {
  return preconditionFailed('resource_not_editable', `this ${resource} is managed and cannot be edited`)
}

export function notDeletable(resource: string): DomainError {
  return preconditionFailed('resource_not_deletable', `this ${resource} cannot be deleted`)
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}
