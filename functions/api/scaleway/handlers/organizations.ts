// Organizations (spec §1.12, §4.9): the caller's organization, its alias (unique across organizations through the
// `~alias` reservation, settable once) and its login methods.
//
// Decisions (spec §5.9 #52): the name is the one the organization was created with; new organizations allow
// password, magic-code and OAuth2 logins, not SAML (domain/core/organization). Setting the alias it already has
// changes nothing (200, a safe retry of the PUT); setting another one once an alias is set is 409 already_exists
// (spec §5.1 #1), like an alias another organization holds.
import { alreadyExists, isDomainError, type DomainError } from '../../../../domain/core/errors.js'
import { aliasReservation, setOrganizationAlias, updateLoginMethods } from '../../../../domain/core/organization/index.js'
import { defineHandlers, operation } from '../operation.js'
import { changeOrganization, loadOrganization, ownOrganization, type ActiveOrganization } from './organizationState.js'

export function renderOrganization(organization: ActiveOrganization) {
  return {
    id: organization.organizationId,
    name: organization.name,
    alias: organization.alias ?? '',
    login_password_enabled: organization.loginMethods.password,
    login_magic_code_enabled: organization.loginMethods.magicCode,
    login_oauth2_enabled: organization.loginMethods.oauth2,
    login_saml_enabled: organization.loginMethods.saml,
  }
}

/** The domain refuses a second alias as a failed precondition; the surface answers it as the conflict it is. */
function aliasError(error: DomainError, organizationId: string): DomainError {
  if (error.kind === 'precondition_failed' && error.precondition === 'alias_already_set') {
    return alreadyExists('organization_alias', organizationId, 'the organization alias is already set and cannot be changed; contact support to change it')
  }
  return error
}

export const organizationHandlers = defineHandlers(
  operation('GetOrganization', async (request) => {
    const foreign = ownOrganization(request)
    if (foreign) return foreign
    const organization = await loadOrganization(request.deps.services, request.organizationId)
    return isDomainError(organization) ? organization : { body: renderOrganization(organization) }
  }),

  operation('SetOrganizationAlias', async (request) => {
    const { alias } = request.input.body
    return changeOrganization(
      request,
      (state) => {
        const events = setOrganizationAlias(state, alias)
        if (isDomainError(events)) return aliasError(events, request.organizationId)
        return { events, extras: events.length > 0 ? [aliasReservation(request.organizationId, alias)] : [] }
      },
      renderOrganization,
    )
  }),

  operation('UpdateOrganizationLoginMethods', async (request) => {
    const body = request.input.body
    return changeOrganization(
      request,
      (state) => {
        const events = updateLoginMethods(state, {
          password: body.login_password_enabled,
          magicCode: body.login_magic_code_enabled,
          oauth2: body.login_oauth2_enabled,
          saml: body.login_saml_enabled,
        })
        return isDomainError(events) ? events : { events }
      },
      renderOrganization,
    )
  }),
)
