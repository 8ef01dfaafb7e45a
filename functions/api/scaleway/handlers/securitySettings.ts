// Security settings (spec §1.13, §4.9): organization-wide rules, durations in seconds (`"<seconds>s"` on the wire,
// Appendix A.11). CreateAPIKey and UpdateAPIKey enforce `max_api_key_expiration_duration` from the same state.
//
// Decisions (spec §5.9 #53): defaults are no forced password renewal, a 7-day grace period and login session,
// 10 login attempts before locking, and no API-key expiry limit (0s); durations are accepted only as
// `"<seconds>s"`; `login_attempts_before_locked` is 1–50; absent fields are unchanged (spec §5.4 #27).
import { isDomainError, invalidArgument, type DomainError } from '../../../../domain/core/errors.js'
import { updateSecuritySettings, type SecuritySettings } from '../../../../domain/core/organization/index.js'
import { defineHandlers, operation } from '../operation.js'
import { changeOrganization, loadOrganization, ownOrganization, type ActiveOrganization } from './organizationState.js'

export function renderSecuritySettings(organization: ActiveOrganization) {
  const settings = organization.securitySettings
  return {
    enforce_password_renewal: settings.enforcePasswordRenewal,
    grace_period_duration: settings.gracePeriodSeconds,
    login_attempts_before_locked: settings.loginAttemptsBeforeLocked,
    max_login_session_duration: settings.maxLoginSessionSeconds,
    max_api_key_expiration_duration: settings.maxApiKeyExpirationSeconds,
  }
}

const WIRE_NAMES: Record<keyof SecuritySettings, string> = {
  enforcePasswordRenewal: 'enforce_password_renewal',
  gracePeriodSeconds: 'grace_period_duration',
  loginAttemptsBeforeLocked: 'login_attempts_before_locked',
  maxLoginSessionSeconds: 'max_login_session_duration',
  maxApiKeyExpirationSeconds: 'max_api_key_expiration_duration',
}

/** The domain names the setting it refuses by its own name; the client knows the wire's. */
function onTheWire(error: DomainError): DomainError {
  if (error.kind !== 'invalid_argument' || !(error.argument in WIRE_NAMES)) return error
  return invalidArgument(WIRE_NAMES[error.argument as keyof SecuritySettings], error.message, error.reason)
}

export const securitySettingsHandlers = defineHandlers(
  operation('GetOrganizationSecuritySettings', async (request) => {
    const foreign = ownOrganization(request)
    if (foreign) return foreign
    const organization = await loadOrganization(request.deps.services, request.organizationId)
    return isDomainError(organization) ? organization : { body: renderSecuritySettings(organization) }
  }),

  operation('UpdateOrganizationSecuritySettings', async (request) => {
    const body = request.input.body
    return changeOrganization(
      request,
      (state) => {
        const events = updateSecuritySettings(state, {
          enforcePasswordRenewal: body.enforce_password_renewal,
          gracePeriodSeconds: body.grace_period_duration,
          loginAttemptsBeforeLocked: body.login_attempts_before_locked,
          maxLoginSessionSeconds: body.max_login_session_duration,
          maxApiKeyExpirationSeconds: body.max_api_key_expiration_duration,
        })
        return isDomainError(events) ? onTheWire(events) : { events }
      },
      renderSecuritySettings,
    )
  }),
)
