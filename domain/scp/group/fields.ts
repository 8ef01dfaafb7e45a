// Field rules shared by SCP groups and policies (spec §2.8, §2.35, decisions §6.22, §6.24, §6.51).
import { invalidArgument, type DomainError } from '../../core/errors.js'

/** Group and policy names: ASCII letters and digits, `- . , _ + = @`, Hangul jamo and syllables. */
const NAME = /^[a-zA-Z0-9\-.,_+=@ㄱ-ㅎㅏ-ㅣ가-힣]*$/u
export const DESCRIPTION_MAX = 1000
export const TAGS_MAX = 50

export interface Tag {
  key: string
  value: string
}

/** Length in code points (spec §6.22), not bytes. */
export function checkName(argument: string, value: string, min: number, max: number): DomainError | undefined {
  const length = [...value].length
  if (length < min || length > max) return invalidArgument(argument, `${argument} must be ${min} to ${max} characters`)
  if (!NAME.test(value)) return invalidArgument(argument, `${argument} may hold letters, digits, Hangul and - . , _ + = @ only`, 'format')
  return undefined
}

export function checkDescription(argument: string, value: string | null): DomainError | undefined {
  return value !== null && value.length > DESCRIPTION_MAX ? invalidArgument(argument, `${argument} must be at most ${DESCRIPTION_MAX} characters`) : undefined
}

export function checkTags(argument: string, tags: readonly Tag[]): DomainError | undefined {
  if (tags.length > TAGS_MAX) return invalidArgument(argument, `at most ${TAGS_MAX} tags are allowed`)
  const index = tags.findIndex((tag) => tag.key.length === 0 || tag.key.length > 128 || tag.value.length > 256)
  return index < 0 ? undefined : invalidArgument(`${argument}[${index}]`, 'a tag key must be 1 to 128 characters and its value at most 256')
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}

export function firstError(...errors: Array<DomainError | undefined>): DomainError | undefined {
  return errors.find((error) => error !== undefined)
}
