// Field rules of a Scaleway user (Appendix A.9, spec §5.5 #32): e-mail, username, password, profile fields.
import { invalidArgument, type DomainError } from '../../core/errors.js'

export const USERNAME_MIN = 2
export const USERNAME_MAX = 150
const USERNAME = /^[a-zA-Z0-9@._-]+$/
export const EMAIL_MAX = 254
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const PASSWORD_MIN_BYTES = 8
export const PASSWORD_MAX_BYTES = 72
export const PERSON_NAME_MAX = 64
const PHONE = /^\+?[0-9 ().-]{0,32}$/
const LOCALE = /^[a-zA-Z]{2,3}([_-][a-zA-Z0-9]{2,8}){0,2}$/

export function checkEmail(argument: string, email: string): DomainError | undefined {
  if (email.length === 0) return invalidArgument(argument, `${argument} is required`, 'required')
  if (email.length > EMAIL_MAX || !EMAIL.test(email)) return invalidArgument(argument, `${argument} is not a valid e-mail address`, 'format')
  return undefined
}

export function checkUsername(username: string): DomainError | undefined {
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    return invalidArgument('username', `username must be ${USERNAME_MIN} to ${USERNAME_MAX} characters`)
  }
  if (!USERNAME.test(username)) return invalidArgument('username', 'username may hold letters, digits and @ . _ - only', 'format')
  return undefined
}

/** 8–72 bytes (bcrypt's limit, which Scaleway's clients enforce), and not the e-mail or the username. */
export function checkPassword(password: string, identity: { email: string; username: string }): DomainError | undefined {
  const bytes = new TextEncoder().encode(password).length
  if (bytes < PASSWORD_MIN_BYTES || bytes > PASSWORD_MAX_BYTES) {
    return invalidArgument('password', `password must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes`)
  }
  const lowered = password.toLowerCase()
  if ((identity.email !== '' && lowered === identity.email.toLowerCase()) || lowered === identity.username.toLowerCase()) {
    return invalidArgument('password', 'password must differ from the e-mail address and the username')
  }
  return undefined
}

export function checkPersonName(argument: string, value: string): DomainError | undefined {
  return value.length > PERSON_NAME_MAX ? invalidArgument(argument, `${argument} must be at most ${PERSON_NAME_MAX} characters`) : undefined
}

/** Empty clears the field. */
export function checkPhoneNumber(value: string): DomainError | undefined {
  return PHONE.test(value) ? undefined : invalidArgument('phone_number', 'phone_number is not a valid phone number', 'format')
}

/** Empty clears the field; otherwise a language tag such as `en_US` or `fr-FR`. */
export function checkLocale(value: string): DomainError | undefined {
  return value === '' || LOCALE.test(value) ? undefined : invalidArgument('locale', 'locale is not a valid locale such as en_US', 'format')
}

/** Usernames and e-mails are unique in an organization regardless of case. */
export function identityKey(value: string): string {
  return value.toLowerCase()
}
