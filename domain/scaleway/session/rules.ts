// Sign-in rules of the Scaleway surface (issue 9): session lifetime, lockout, grace periods and restricted
// sessions. Pure: the shell reads the organization's settings, the user and its failure counter, then asks here.
import type { SecuritySettings } from '../../core/organization/events.js'
import { UserGracePeriodStarted } from '../user/events.js'
import type { User } from '../user/evolve.js'

/** A session token lives this long at most; a longer session is renewed with its renew token. */
export const SESSION_TOKEN_SECONDS = 15 * 60
/** `max_login_session_duration` 0 means no organization limit: sessions then last this long. */
export const DEFAULT_SESSION_SECONDS = 7 * 86_400
/** The signing purpose's longest token: no session outlives it. */
export const MAX_SESSION_SECONDS = 30 * 86_400

/** When a session started now ends: the organization's `max_login_session_duration`, within our own bounds. */
export function sessionEnd(settings: Pick<SecuritySettings, 'maxLoginSessionSeconds'>, now: Date): Date {
  const seconds = settings.maxLoginSessionSeconds > 0 ? Math.min(settings.maxLoginSessionSeconds, MAX_SESSION_SECONDS) : DEFAULT_SESSION_SECONDS
  return new Date(now.getTime() + seconds * 1000)
}

/** The session token's lifetime in seconds: short, and never past the session's end (undefined: it has ended). */
export function tokenLifetime(sessionExpiresAt: Date, now: Date): number | undefined {
  const remaining = Math.floor((sessionExpiresAt.getTime() - now.getTime()) / 1000)
  return remaining > 0 ? Math.min(remaining, SESSION_TOKEN_SECONDS) : undefined
}

/** True when this failed attempt (the `failures`-th in a row) reaches `login_attempts_before_locked`. */
export function locksOut(failures: number, settings: Pick<SecuritySettings, 'loginAttemptsBeforeLocked'>): boolean {
  return failures >= settings.loginAttemptsBeforeLocked
}

/**
 * Grace periods a sign-in opens. With `enforce_password_renewal`, a member must renew the password it was given:
 * its first sign-in after the setting applies opens an `update_password` grace period of `grace_period_duration`,
 * which its own password change closes. Owners and guests keep passwords of their own accounts.
 */
export function gracePeriodsToOpen(user: User, settings: SecuritySettings, now: Date): ReturnType<typeof UserGracePeriodStarted>[] {
  if (!settings.enforcePasswordRenewal || user.type !== 'member' || user.passwordRenewedAt) return []
  if (user.gracePeriods?.some((period) => period.type === 'update_password')) return []
  const expiresAt = new Date(now.getTime() + settings.gracePeriodSeconds * 1000)
  return [UserGracePeriodStarted({ type: 'update_password', at: now.toISOString(), expiresAt: expiresAt.toISOString() })]
}

/** A user with a grace period that has ended may only renew its password or enrol MFA (a restricted session). */
export function isRestricted(user: User, now: Date): boolean {
  return (user.gracePeriods ?? []).some((period) => Date.parse(period.expiresAt) <= now.getTime())
}
